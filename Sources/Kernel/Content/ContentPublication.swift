import Foundation

/// Where an item is in its editorial life. Only `published` items can be visible, and
/// only between their publication and unpublication times.
public enum PublicationStatus: String, Sendable, Codable, CaseIterable {
    case draft
    case review
    case published
    case archived
}

/// The one place that decides whether an item is visible to readers now. Publication and
/// unpublication at a given time are checked here, at read time; a scheduler may later act
/// on the same times (to send notices), but visibility stays decided here.
public enum ContentVisibility {
    /// Visible: published, its publication time reached, its unpublication time not.
    public static func isVisible(status: PublicationStatus, publishedAt: Date?, unpublishAt: Date?, now: Date) -> Bool {
        guard status == .published, let publishedAt, publishedAt <= now else { return false }
        return unpublishAt.map { $0 > now } ?? true
    }

    /// The same rule as a SQL condition on `kernel_content_items` under `alias`.
    static func condition(_ alias: String, now: Date) -> SQL {
        """
        \(raw: alias).status = 'published' AND \(raw: alias).published_at <= \(now) \
        AND (\(raw: alias).unpublish_at IS NULL OR \(raw: alias).unpublish_at > \(now))
        """
    }
}
