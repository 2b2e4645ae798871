import PackagePlugin
@main struct Benchmark: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {}
}
