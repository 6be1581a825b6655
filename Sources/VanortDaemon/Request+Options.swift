import VanortDomain
import VanortProtocol

extension Request {
    /// The option `name` as a whole number within `range`, nil when absent.
    func wholeNumber(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let text = option(name) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw CommandError("\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    /// The record id that follows the command's words (`token revoke 7`): a positive
    /// whole number, else a usage error naming what is named so (`a token`).
    func recordID(of what: String) throws -> Int {
        let typed = words.count > 2 ? words[2] : ""
        guard let id = Int(typed), id > 0 else {
            throw CommandError("\(what) is named by its id, a positive whole number, not '\(typed)'")
        }
        return id
    }

    /// The language of the human text in the reply (`lang=sv`), English when none is
    /// asked for; the router has already refused any other.
    var language: Language {
        option("lang").flatMap { Language(rawValue: $0.lowercased()) } ?? .en
    }
}
