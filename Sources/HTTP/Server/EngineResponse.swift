/// A response the engine sent by itself, without asking the responder: a malformed or
/// oversized request, a timeout, or a full worker queue. Handed to
/// `HTTPServer`'s `onEngineResponse` observer so that the kernel can log it.
public struct EngineResponse: Sendable {
    public var status: Status
    /// The method and raw path, when the request got far enough to have them.
    public var method: Method?
    public var path: String?
    /// Why the engine answered, as sent in the response body.
    public var reason: String
    public var connection: ConnectionInfo
}
