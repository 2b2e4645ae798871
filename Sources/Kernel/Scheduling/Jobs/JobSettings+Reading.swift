extension JobSettings {
    /// Reads and validates the `jobs` object; defaults when absent.
    static func read(_ reader: ObjectReader?) -> JobSettings {
        var settings = JobSettings()
        guard let reader else { return settings }
        reader.rejectUnknownKeys(["workers", "pollMilliseconds", "retryBaseMilliseconds", "retryMaxMilliseconds", "leaseMarginMilliseconds"])
        if let value = reader.integer("workers", in: 0...256) { settings.workers = value }
        if let value = reader.integer("pollMilliseconds", in: 10...60_000) { settings.pollInterval = .milliseconds(value) }
        if let value = reader.integer("retryBaseMilliseconds", in: 1...86_400_000) { settings.retryBase = .milliseconds(value) }
        if let value = reader.integer("retryMaxMilliseconds", in: 1...604_800_000) { settings.retryMax = .milliseconds(value) }
        if let value = reader.integer("leaseMarginMilliseconds", in: 0...86_400_000) { settings.leaseMargin = .milliseconds(value) }
        return settings
    }
}
