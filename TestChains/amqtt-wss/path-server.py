"""A wss endpoint that, like mosquitto's and EMQX's WebSocket listeners, serves MQTT only at /mqtt.

amqtt upgrades every path, so the tests use this for what a real broker does with a wrong path:
any other path gets "HTTP/1.1 404 Not Found"; /mqtt-nosub upgrades without selecting a subprotocol;
/mqtt answers every binary message with an MQTT 3.1.1 CONNACK (accepted). Two more paths script what a
client must cope with: /mqtt-script answers the first message with a ping, waits for the pong, sends the
CONNACK in three fragments and closes with 4000 "scripted close"; /mqtt-text answers with a text message.
Needs the websockets package (amqtt depends on it).
Usage: python3 path-server.py PORT CERTFILE KEYFILE
"""
import asyncio
import http
import ssl
import sys

from websockets.asyncio.server import serve


def process_request(connection, request):
    if request.path not in ("/mqtt", "/mqtt-nosub", "/mqtt-script", "/mqtt-text"):
        return connection.respond(http.HTTPStatus.NOT_FOUND, "no MQTT endpoint here; try /mqtt\n")
    return None


def select_subprotocol(connection, subprotocols):
    if connection.request.path == "/mqtt-nosub":
        return None
    return "mqtt" if "mqtt" in subprotocols else None


async def handler(websocket):
    path = websocket.request.path
    async for message in websocket:
        if path == "/mqtt-script":
            pong = await websocket.ping(b"chaindoctor")
            try:
                await asyncio.wait_for(pong, 3)
            except asyncio.TimeoutError:
                await websocket.close(1011, "no pong")
                return
            await websocket.send([b"\x20", b"\x02\x00", b"\x00"])
            await websocket.close(4000, "scripted close")
            return
        if path == "/mqtt-text":
            await websocket.send("CONNACK as text")
            continue
        await websocket.send(bytes([0x20, 0x02, 0x00, 0x00]))


async def main(port, certfile, keyfile):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certfile, keyfile)
    async with serve(handler, "127.0.0.1", port, ssl=context, process_request=process_request,
                     select_subprotocol=select_subprotocol):
        await asyncio.Future()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), sys.argv[2], sys.argv[3]))
