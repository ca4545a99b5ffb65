public import TLSProbe
extension WebSocketChannel: ByteChannel {}
