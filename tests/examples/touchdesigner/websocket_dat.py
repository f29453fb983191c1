"""A stand-in for TouchDesigner's WebSocket DAT over a real socket.

It calls the callbacks script the way the DAT does: onConnect(dat) once the
socket is open, onReceiveText(dat, rowIndex, message) for each text frame, and
onDisconnect(dat) when it closes. dat.sendText() goes out in call order.
"""

import asyncio

import websockets


class WebSocketDAT:
    def __init__(self, url, callbacks):
        self.url = url
        self.callbacks = callbacks
        self.received = []
        self._outbox = asyncio.Queue()
        self._socket = None
        self._task = None

    def sendText(self, *message):
        text = ''.join(str(part) for part in message)
        self._outbox.put_nowait(text)
        return len(text.encode('utf-8'))

    def sendPong(self, *contents):
        return 0

    async def open(self):
        """Connects and returns once onConnect has run."""
        connected = asyncio.get_running_loop().create_future()
        self._task = asyncio.ensure_future(self._run(connected))
        await asyncio.wait([connected, self._task], return_when=asyncio.FIRST_COMPLETED)
        self.check()

    async def close(self):
        if self._socket is not None:
            await self._socket.close()
        if self._task is not None:
            await asyncio.wait([self._task])
        self.check()

    def check(self):
        """Re-raises whatever a callback raised, so that the test fails with it."""
        if self._task is not None and self._task.done():
            self._task.result()

    async def _run(self, connected):
        async with websockets.connect(self.url) as socket:
            self._socket = socket
            self.callbacks['onConnect'](self)
            connected.set_result(True)
            sender = asyncio.ensure_future(self._send_all(socket))
            try:
                async for message in socket:
                    if isinstance(message, str):
                        self.received.append(message)
                        self.callbacks['onReceiveText'](self, len(self.received), message)
            except websockets.exceptions.ConnectionClosed:
                pass
            finally:
                sender.cancel()
        self.callbacks['onDisconnect'](self)

    async def _send_all(self, socket):
        while True:
            await socket.send(await self._outbox.get())
