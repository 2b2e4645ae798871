/// A feature area that plugs into the kernel: LearningSites, Workshops, Newsletter, …
///
/// A module is one SwiftPM target under `Sources/Modules/<Name>` with one type conforming
/// to this protocol, named `<Name>Module`. The build-tool plugin finds the linked module
/// targets and generates the list of these types; the kernel validates each manifest at boot.
public protocol Module: Sendable {
    /// Everything the kernel needs to know about the module, declared once.
    static var manifest: ModuleManifest { get }
}

/// The version of the kernel contract. Modules declare the range they support; a breaking
/// change to the contract raises the major (or, before 1.0, the minor) version.
public enum KernelVersion {
    public static let current: SemanticVersion = "0.1.0"
}
