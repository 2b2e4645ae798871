import Kernel

struct VersionCommand: Command {
    static let name = "version"
    static let summary = "Print the version of teilhabe and its kernel contract"
    static let help = """
        USAGE: teilhabe version

        """
    /// The release of the server as a whole.
    static let release = "0.1.0"

    static func run(_ arguments: [String], options: GlobalOptions) -> Int32 {
        print("teilhabe \(release) (kernel contract \(KernelVersion.current), \(Composition.modules.count) modules linked)")
        return ExitCode.success
    }
}
