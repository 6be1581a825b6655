import Foundation
import VanortDomain

/// A sender or recipient as mail writes it: `Internationella kontoret <intl@example.org>`,
/// or a bare address (then shown as `vanort`).
public struct MailAddress: Sendable, Equatable {
    public var name: String
    public var address: String

    /// One `@`, no spaces or angle brackets: what the mail command is given.
    private static let addressPattern = TextPattern(#"^[^@\s<>"]+@[^@\s<>"]+$"#)

    public init(name: String, address: String) {
        self.name = name
        self.address = address
    }

    /// `Name <address>` or `address`; nil unless the address is one (`x@y`, no spaces).
    public init?(parsing text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        var name = "vanort", address = trimmed
        if trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") {
            address = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            let given = trimmed[..<open].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            if !given.isEmpty { name = given }
        }
        guard Self.addressPattern.matches(address),
            !name.contains(where: { $0.isNewline || $0 == "<" || $0 == ">" })
        else { return nil }
        self.init(name: name, address: address)
    }
}
