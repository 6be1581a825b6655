import Foundation

/// vanort's human-facing texts in Swedish and English, from `catalogue/sv.txt` and
/// `catalogue/en.txt` (embedded at build time), which a translator edits without touching
/// code. Machine formats never use it: they keep the stable English keys.
public enum Catalogue {
    #if WITHOUT_CATALOGUES
    /// The fuzz build has no catalogues (see Package.swift): every text is its key.
    static let embeddedCatalogueFiles: [(name: String, text: String)] = []
    #endif

    /// Every language's texts by key, read once from the embedded files.
    static let texts: [Language: [String: String]] = {
        var texts: [Language: [String: String]] = [:]
        for file in embeddedCatalogueFiles {
            guard let language = Language(rawValue: String(file.name.prefix { $0 != "." })) else { continue }
            texts[language] = parse(file.text)
        }
        return texts
    }()

    /// `key = text` lines; blank lines and `#` comments are skipped.
    static func parse(_ text: String) -> [String: String] {
        var entries: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#"), let equals = trimmed.firstIndex(of: "=") else { continue }
            let key = trimmed[..<equals].trimmingCharacters(in: .whitespaces)
            entries[key] = trimmed[trimmed.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        }
        return entries
    }

    /// The keys of each language's file (for the test that both have every key).
    public static func keys(_ language: Language) -> Set<String> {
        Set(texts[language]?.keys ?? [String: String]().keys)
    }

    /// The text of `key` in `language` with its `{placeholders}` filled in; the other
    /// language's text, or the key itself, when a translation is missing.
    public static func text(_ key: String, _ language: Language, _ values: [String: String] = [:]) -> String {
        let text = texts[language]?[key] ?? texts[.en]?[key] ?? key
        return values.isEmpty ? text : filled(text, values)
    }

    /// `text` with each `{name}` whose name is in `values` replaced, in one pass over its
    /// bytes: a value is never searched for placeholders itself, and a `{` that opens no
    /// known name stays as written. (Foundation's search per value was most of a reminder's
    /// wording: docs/benchmarks.md, section 3.)
    static func filled(_ text: String, _ values: [String: String]) -> String {
        var utf8 = Substring(text).utf8[...]
        var out = ""
        out.reserveCapacity(text.utf8.count + 32)
        while let open = utf8.firstIndex(of: UInt8(ascii: "{")) {
            out += Substring(utf8[..<open])
            let rest = utf8[utf8.index(after: open)...]
            if let close = rest.firstIndex(of: UInt8(ascii: "}")), let value = values[String(Substring(rest[..<close]))] {
                out += value
                utf8 = rest[rest.index(after: close)...]
            } else {
                out += "{"
                utf8 = rest
            }
        }
        out += Substring(utf8)
        return out
    }

    /// A choice word (`granted`) as people write it (`beviljad`, `granted`).
    public static func word(_ word: String, _ language: Language) -> String {
        texts[language]?["word.\(word)"] ?? word
    }

    /// The choice among `words` that `typed` names in either language (ignoring case and
    /// diacritics): `beviljad` and `Beviljad` are `granted`.
    public static func choice(_ typed: String, among words: [String]) -> String? {
        let folded = fold(typed)
        return words.first { word in
            Language.allCases.contains { language in texts[language]?["word.\(word)"].map(fold) == folded }
        }
    }

    static func fold(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespaces).folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    }
}

extension Catalogue {
    /// `2 visits`, `1 visit`, `2 besök`: `count.<noun>.one` or `.other` with `{n}` filled in.
    public static func count(_ n: Int, _ noun: String, _ language: Language) -> String {
        text("count.\(noun).\(n == 1 ? "one" : "other")", language, ["n": String(n)])
    }

    /// Words that are choice keys (`outgoing study`) as the language says them
    /// (`utgående studiebesök`); other words stay as they are.
    public static func words(_ keys: String, _ language: Language) -> String {
        keys.split(separator: " ").map { word($0.lowercased(), language) }.joined(separator: " ")
    }
}
