import Kernel

for module in linkedModules {
    print(module.manifest.id, module.manifest.version)
}
