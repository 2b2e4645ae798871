/// The content area of the kernel: its tables, and the routes readers and editors use
/// across modules (search, translation worklists, history, translator exchange).
enum ContentArea {
    static let area = KernelArea(
        id: "content",
        migrations: ContentSchema.migrations)
}
