import Foundation
import Mustache
import VanortDomain
import VanortProtocol

/// The web face's pages: the templates in `Web/Templates` (embedded at build time),
/// rendered with swift-mustache, which escapes every value it is given; only a rendered
/// page's content goes into the layout unescaped. Texts come from the catalogues in the
/// reader's language, field labels from `FieldLabels`, forms from the nouns' declarations.
struct WebPages: Sendable {
    let library: MustacheLibrary

    init() throws {
        var library = MustacheLibrary()
        for file in embeddedTemplateFiles {
            try library.register(file.text, named: String(file.name.dropLast(".mustache".count)))
        }
        self.library = library
    }

    /// The style sheet (`/style.css`).
    var styleSheet: String { library.render([String: Any](), withTemplate: "style") ?? "" }

    /// Who is signed in, as the layout shows them; nil before sign-in.
    struct Chrome {
        var language: Language
        var email: String?
        var formToken: String?
        var nav: [(href: String, label: String)] = []
        var current: String = ""
    }

    /// A whole page: `template` rendered with `values`, inside the layout.
    func page(_ title: String, _ template: String, _ values: [String: Any], chrome: Chrome, notice: String? = nil) -> String {
        let language = chrome.language
        let content = library.render(values, withTemplate: template) ?? ""
        var layout: [String: Any] = [
            "lang": language.rawValue, "title": title, "site": Catalogue.text("web.site", language), "content": content,
            "skip": Catalogue.text("web.skip", language),
        ]
        if let notice { layout["notice"] = notice }
        if let email = chrome.email {
            layout["signedIn"] = [
                "navLabel": Catalogue.text("web.nav", language), "formToken": chrome.formToken ?? "",
                "signOut": Catalogue.text("web.sign-out", language), "who": Catalogue.text("web.signed-in-as", language, ["email": email]),
                "nav": chrome.nav.map { item -> [String: Any] in ["href": item.href, "label": item.label, "current": item.href == chrome.current] },
            ] as [String: Any]
        }
        return library.render(layout, withTemplate: "layout") ?? ""
    }

    /// A field's label: its Swedish heading, or its key as words.
    static func label(_ key: String, _ language: Language) -> String {
        capitalized(language == .sv ? FieldLabels.swedishHeading(key) : key.replacingOccurrences(of: "-", with: " ").replacingOccurrences(of: "_", with: " "))
    }

    /// The columns that hold choice words (`status`, `kind`, an agenda's `type`), whatever
    /// the noun: their cells are said in the reader's language.
    static let choiceColumns: Set<String> = Set(NounDescriptor.declared.flatMap { descriptor in
        descriptor.fields.filter { if case .choice = $0.kind { true } else { false } }.map { $0.key.replacingOccurrences(of: "-", with: "_") }
    } + ["type"])

    /// A reply's table as the table template takes it: headings in the reader's language,
    /// choice words too, every cell as text.
    /// `links` makes one column's cells links (`id` to `/register/visit/<id>`).
    static func table(_ table: Table, caption: String, empty: String, language: Language, links: (column: String, prefix: String)? = nil) -> [String: Any] {
        guard !table.rows.isEmpty else { return ["empty": empty] }
        return [
            "caption": caption,
            "columns": table.columns.map { label($0, language) },
            "rows": table.rows.map { row -> [String: Any] in
                ["cells": zip(table.columns, row).map { column, value -> [String: Any] in
                    let text = switch value {
                    case .string(let text) where choiceColumns.contains(column): Catalogue.word(text, language)
                    case .string(let text) where isInstant(text): shortInstant(text)
                    case .bool(let flag): language == .sv ? (flag ? "ja" : "nej") : (flag ? "yes" : "no")
                    default: value.text ?? ""
                    }
                    guard let links, links.column == column, !text.isEmpty else { return ["text": text] }
                    return ["text": text, "href": links.prefix + text]
                }]
            },
        ]
    }

    /// True for an instant as the router writes it in the viewer's zone (`2027-04-20T09:00:00+02:00`).
    static func isInstant(_ text: String) -> Bool {
        shownInstant.matches(text)
    }

    private static let shownInstant = TextPattern(#"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)$"#)

    /// `2027-04-20 09:00`: an instant in the home municipality's zone, as people write it.
    static func shortInstant(_ text: String) -> String {
        String(text.prefix(16)).replacingOccurrences(of: "T", with: " ")
    }

    /// `besök` → `Besök`: a title or a menu entry from a catalogue's noun.
    static func capitalized(_ text: String) -> String {
        text.prefix(1).uppercased() + text.dropFirst()
    }

    /// A form for a declared noun's fields (`keys`, in the declaration's order), with the
    /// values typed and what is wrong with each tied to its field; references offer the
    /// names in `suggestions` (a datalist, by field key).
    static func form(
        _ descriptor: NounDescriptor, keys: [String], values: [String: String], errors: [(field: String, rule: String)],
        suggestions: [String: [String]], language: Language
    ) -> [String: Any] {
        let fields = descriptor.fields.filter { keys.contains($0.key) }
        let fieldValues = fields.map { field -> [String: Any] in
            let id = "field-" + field.key
            let error = errors.first { $0.field == field.key }?.rule
            // The declarations' help is English; a Swedish form goes by its labels and choices.
            let help = language == .en ? field.help : ""
            var describedBy = help.isEmpty ? [] : [id + "-hint"]
            if error != nil { describedBy.append(id + "-error") }
            var item: [String: Any] = [
                "id": id, "name": field.key, "label": label(field.key, language), "help": help,
                "value": values[field.key] ?? field.defaultValue ?? "", "required": field.isRequired,
                "requiredText": Catalogue.text("web.required", language), "describedBy": describedBy.joined(separator: " "),
            ]
            if let error { item["error"] = error }
            switch field.kind {
            case .choice(let words):
                item["isSelect"] = true
                let chosen = values[field.key] ?? field.defaultValue ?? ""
                let options = [["value": "", "label": Catalogue.text("web.choose", language), "selected": chosen.isEmpty] as [String: Any]]
                    + words.map { ["value": $0, "label": Catalogue.word($0, language), "selected": $0 == chosen] as [String: Any] }
                item["options"] = options
            case .bool:
                item["isSelect"] = true
                let chosen = values[field.key] ?? field.defaultValue ?? ""
                item["options"] = [("", Catalogue.text("web.choose", language)), ("true", language == .sv ? "Ja" : "Yes"), ("false", language == .sv ? "Nej" : "No")]
                    .map { ["value": $0.0, "label": $0.1, "selected": $0.0 == chosen] as [String: Any] }
            case .notes:
                item["isTextarea"] = true
            default:
                item["isInput"] = true
                item["type"] = switch field.kind {
                case .date: "date"
                case .integer: "number"
                case .email: "email"
                case .website: "url"
                case .phone: "tel"
                case .timeOfDay: "time"
                default: "text"
                }
                if suggestions[field.key] != nil { item["list"] = id + "-options" }
            }
            return item
        }
        let labels = Dictionary(fields.map { ($0.key, label($0.key, language)) }) { first, _ in first }
        return [
            "fields": fieldValues,
            "hasErrors": !errors.isEmpty,
            "errorsTitle": Catalogue.text("web.errors", language),
            "errors": errors.map { error -> [String: Any] in
                ["id": "field-" + error.field, "label": labels[error.field] ?? label(error.field, language), "rule": error.rule]
            },
            "datalists": suggestions.sorted { $0.key < $1.key }.map { ["id": "field-\($0.key)-options", "options": $0.value] as [String: Any] },
        ]
    }
}
