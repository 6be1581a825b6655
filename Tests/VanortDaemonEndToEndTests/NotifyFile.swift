import Foundation
import Testing

// What reminder tests read: a notify command that appends each reminder's JSON to a file,
// and the ids in that file.

/// A notify command appending each reminder's JSON as one line to `file`.
func notifyArguments(_ file: String, extra: [String] = []) -> [String] {
    ["--notify-command", "cat >> '\(file)'"] + extra
}

/// The reminder ids in a notify file, with how often each arrived (first deliveries only
/// when `firstOnly`: redeliveries after a crash are flagged).
func deliveredIDs(_ file: String, firstOnly: Bool = false) throws -> [Int: Int] {
    let text = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
    var counts: [Int: Int] = [:]
    // Only complete lines: a hook may be halfway through writing the last one.
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    lines.removeLast()
    for line in lines where !line.isEmpty {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        if firstOnly, object["redelivery"] as? Bool == true { continue }
        counts[try #require(object["id"] as? Int), default: 0] += 1
    }
    return counts
}
