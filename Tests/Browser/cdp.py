#!/usr/bin/env python3
"""Tests/Browser/cdp.py PAGE.html SCREENSHOT.png [EXPRESSION ...]

Loads a local page in headless Chromium (Debian's `chromium`) through the DevTools protocol and prints one JSON
object: the console messages and exceptions, every network request other than the page itself, the time from
navigation to the load event, and the value of each JavaScript EXPRESSION evaluated in the page (the tests count
SVG nodes this way); it also writes a full-page screenshot, or its top CDP_CLIP_HEIGHT pixels when that is set.
Needs websocket-client (PyPI)."""
import base64
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

import websocket

page, screenshot, expressions = os.path.abspath(sys.argv[1]), sys.argv[2], sys.argv[3:]
browser = shutil.which("chromium") or shutil.which("chromium-browser")
if not browser:
    sys.exit("chromium is not installed: run the README's test command (bash .ci/test), which installs it")
profile = tempfile.mkdtemp(prefix="chaindoctor-chromium-")
process = subprocess.Popen(
    [browser, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
     "--remote-debugging-port=0", f"--user-data-dir={profile}", "--window-size=1200,900", "about:blank"],
    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
try:
    endpoint = None
    deadline = time.time() + 30
    while endpoint is None and time.time() < deadline:
        line = process.stderr.readline()
        match = re.search(r"DevTools listening on (ws://[^\s]+)", line)
        if match:
            endpoint = match.group(1)
    if endpoint is None:
        sys.exit("chromium did not start its DevTools endpoint")
    port = re.search(r":(\d+)/", endpoint).group(1)
    targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json"))
    target = next(t for t in targets if t["type"] == "page")
    socket = websocket.create_connection(target["webSocketDebuggerUrl"], timeout=30)
    counter = 0
    events = []

    def call(method, **params):
        global counter
        counter += 1
        socket.send(json.dumps({"id": counter, "method": method, "params": params}))
        while True:
            message = json.loads(socket.recv())
            if message.get("id") == counter:
                return message.get("result", {})
            events.append(message)

    for domain in ("Page", "Runtime", "Log", "Network"):
        call(f"{domain}.enable")
    url = "file://" + page
    started = time.time()
    call("Page.navigate", url=url)
    loaded = None
    while loaded is None and time.time() - started < 60:
        message = json.loads(socket.recv())
        events.append(message)
        if message.get("method") == "Page.loadEventFired":
            loaded = time.time() - started
    values = {}
    for expression in expressions:
        result = call("Runtime.evaluate", expression=expression, returnByValue=True)
        values[expression] = result.get("result", {}).get("value")
    # The whole page, or its top CDP_CLIP_HEIGHT pixels (a 50-broker audit is tens of thousands of pixels tall).
    clip = os.environ.get("CDP_CLIP_HEIGHT")
    if clip:
        shot = call("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                    clip={"x": 0, "y": 0, "width": 1200, "height": int(clip), "scale": 1})
    else:
        shot = call("Page.captureScreenshot", format="png", captureBeyondViewport=True)
    with open(screenshot, "wb") as out:
        out.write(base64.b64decode(shot["data"]))
    console = [
        e["params"]["args"][0].get("value") if e["params"].get("args") else e["params"].get("type")
        for e in events if e.get("method") == "Runtime.consoleAPICalled"
    ]
    errors = [e["params"]["exceptionDetails"].get("text") for e in events if e.get("method") == "Runtime.exceptionThrown"]
    errors += [e["params"]["entry"]["text"] for e in events
               if e.get("method") == "Log.entryAdded" and e["params"]["entry"]["level"] == "error"]
    requests = [e["params"]["request"]["url"] for e in events if e.get("method") == "Network.requestWillBeSent"]
    print(json.dumps({
        "loadSeconds": loaded, "console": console, "errors": errors,
        "requests": [r for r in requests if r != url], "values": values,
    }))
finally:
    process.kill()
    process.wait()
    shutil.rmtree(profile, ignore_errors=True)
