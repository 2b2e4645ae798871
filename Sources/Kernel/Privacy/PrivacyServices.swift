extension KernelServices {
    /// Export and erasure of one person's data across the kernel and every linked module.
    public var privacy: PrivacyService { PrivacyService(storage: storage, registry: registry, clock: clock) }
}
