import Foundation
import Testing
@testable import VanortDomain

/// The message catalogues: both languages have every key, every choice word of the register
/// has its words, and input takes them in Swedish.
@Suite struct CatalogueTests {
    @Test func swedishAndEnglishHaveTheSameKeys() {
        let swedish = Catalogue.keys(.sv), english = Catalogue.keys(.en)
        #expect(!swedish.isEmpty)
        #expect(swedish.subtracting(english).isEmpty, "only in sv.txt: \(swedish.subtracting(english).sorted())")
        #expect(english.subtracting(swedish).isEmpty, "only in en.txt: \(english.subtracting(swedish).sorted())")
    }

    @Test func everyChoiceOfADeclaredNounHasItsWords() {
        for noun in NounDescriptor.declared {
            for field in noun.fields {
                guard case .choice(let words) = field.kind else { continue }
                for word in words {
                    #expect(Catalogue.keys(.sv).contains("word.\(word)"), "\(noun.noun) --\(field.key) \(word)")
                }
            }
        }
    }

    @Test func choicesAreTakenInSwedishIgnoringCase() throws {
        let input = FieldInput(["status": "Beviljad", "kind": "studiebesök", "direction": "Utgående"])
        #expect(try input.optionalWord("status", among: Grant.Status.allCases.map(\.rawValue)) == "granted")
        #expect(try input.optionalWord("kind", among: VisitKind.allCases.map(\.rawValue)) == "study")
        #expect(try input.optionalChoice("direction", Direction.self) == .outgoing)
        let wrong = FieldInput(["status": "kanske"])
        #expect(throws: ValidationError.self) { try wrong.optionalWord("status", among: Grant.Status.allCases.map(\.rawValue)) }
        do {
            _ = try wrong.optionalWord("status", among: Grant.Status.allCases.map(\.rawValue))
        } catch {
            #expect(error.rule.contains("in Swedish: utkast, ansökt, beviljad"), "\(error.rule)")
        }
    }

    @Test func placeholdersAreFilledAndAMissingKeyShowsItself() {
        #expect(Catalogue.text("mail.acknowledge", .sv, ["id": "23"]) == "Kvittera: vanortctl reminder ack 23")
        #expect(Catalogue.text("mail.acknowledge", .en, ["id": "23"]) == "Acknowledge: vanortctl reminder ack 23")
        #expect(Catalogue.text("no.such.key", .sv) == "no.such.key")
    }

    @Test func placeholdersAreFilledOnceAndUnknownBracesStayAsWritten() {
        #expect(Catalogue.filled("{a} och {b}", ["a": "{b}", "b": "Kecskemét"]) == "{b} och Kecskemét")
        #expect(Catalogue.filled("{okänd} {a}{a} {", ["a": "å"]) == "{okänd} åå {")
        #expect(Catalogue.filled("Besök i Utena {dates}", ["dates": "3–5 maj"]) == "Besök i Utena 3–5 maj")
        #expect(Catalogue.filled("", ["a": "x"]) == "")
    }
}
