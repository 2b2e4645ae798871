// The composition root: which modules are linked (generated `linkedModules`), which storage
// backend serves them, and the command line that drives it all.
import Foundation
import HTTP

// Before any thread exists: SIGTERM/SIGINT must reach the server's signalfd, not kill a thread.
HTTPServer.blockShutdownSignals()

let arguments = Array(CommandLine.arguments.dropFirst())
let code = CommandLine.run(arguments, environment: ProcessInfo.processInfo.environment)
exit(code)
