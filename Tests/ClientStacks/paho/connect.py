#!/usr/bin/env python3
"""Tests/ClientStacks/paho/connect.py HOST PORT CAFILE: what Python's paho-mqtt (on Python's ssl, i.e. OpenSSL)
makes of a broker: one line, "connected" with the CONNACK reason, or "refused: " and the exception it raised.
HOST is the name dialled (SNI and the name checked); it must resolve to the broker (nss_wrapper in the tests)."""
import ssl
import sys

import paho.mqtt.client as mqtt

host, port, cafile = sys.argv[1], int(sys.argv[2]), sys.argv[3]
client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id="chaindoctor-paho", protocol=mqtt.MQTTv311)
client.tls_set(ca_certs=cafile, cert_reqs=ssl.CERT_REQUIRED)
outcome = {}


def on_connect(client, userdata, flags, reason_code, properties):
    outcome["reason"] = str(reason_code)
    client.disconnect()


client.on_connect = on_connect
try:
    client.connect(host, port, keepalive=10)
    client.loop_forever(timeout=5)
except Exception as error:  # ssl.SSLCertVerificationError, ssl.SSLError, ConnectionError ...
    print(f"refused: {type(error).__name__}: {error}")
    sys.exit(0)
print(f"connected: {outcome.get('reason', 'no CONNACK')}")
