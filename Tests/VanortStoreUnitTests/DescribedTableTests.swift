import Foundation
import Testing
import VanortDomain
import VanortPostgres
@testable import VanortStore

/// The SQL of a declared noun is derived from its declaration: every field under its key,
/// references shown by name where names tell records apart, filters by kind with values
/// bound, never spliced.
@Suite struct DescribedTableTests {
    @Test func anActivitysDerivedSelectIsTheOneItHadByHand() {
        #expect(ActivityTable.select.text == """
            SELECT r.id, r.plan_id AS "plan", r.title AS "title", \
            (SELECT x.name FROM contact x WHERE x.id = r.owner_id) AS "owner", r.due_on AS "due", r.status AS "status", \
            r.notes AS "notes", r.version FROM activity r WHERE true
            """)
    }

    @Test func theSelectShowsEveryFieldUnderItsKey() {
        let select = GrantTable.select.text
        for field in Grant.descriptor.fields {
            #expect(select.contains(" AS \"\(field.key.replacingOccurrences(of: "-", with: "_"))\""), "\(field.key)")
        }
        #expect(select.hasPrefix("SELECT r.id, r.funder AS \"funder\""))
        #expect(select.contains("(SELECT x.name FROM contact x WHERE x.id = r.contact_id) AS \"contact\""), "a contact by name")
        #expect(select.contains("r.exchange_id AS \"exchange\""), "an exchange by id: titles repeat")
        #expect(select.hasSuffix(", r.version FROM grant_application r WHERE true"))
    }

    @Test func filtersBindTheirValuesReadByKind() throws {
        var sql: SQL = "WHERE true"
        let descriptor = Grant.descriptor
        try GrantTable.appendCondition(&sql, try #require(descriptor.field("funder")), "eu'; DROP TABLE grant_application; --")
        try GrantTable.appendCondition(&sql, try #require(descriptor.field("status")), "Granted")
        #expect(sql.text == "WHERE true AND vanort_fold(r.funder) = vanort_fold($1) AND r.status = $2")
        #expect(sql.bindings == ["eu'; DROP TABLE grant_application; --", "granted"])
        #expect(throws: ValidationError.self) { try GrantTable.appendCondition(&sql, try #require(descriptor.field("status")), "later") }
    }

    @Test func theFiltersAndTheSearchAreTheDeclaredOnes() {
        #expect(GrantTable.filterKeys == Set(Grant.descriptor.fields.filter(\.isFilter).map(\.key)))
        for field in Grant.descriptor.fields where field.isSearched && field.referencedNoun == nil {
            #expect(GrantTable.searchText.text.contains("r.\(field.column)"), "\(field.key)")
        }
        #expect(GrantTable.identity?.text == "true AND vanort_fold(o.funder::text) = vanort_fold(n.funder::text) AND vanort_fold(o.reference::text) = vanort_fold(n.reference::text)")
    }

    @Test func everyComputedColumnADeclarationNamesHasItsSQL() throws {
        for descriptor in NounDescriptor.declared {
            let noun = try #require(Noun(rawValue: descriptor.noun))
            let table = try #require(RegisterStore.table(for: noun) as? any DescribedTable.Type, "\(noun) is declared")
            // Computed columns, and the linked fields the table shows (an agreement's parties).
            let linked = descriptor.fields.filter { $0.isLinked && table.computedColumns[$0.key] != nil }.map(\.key)
            #expect(Set(table.computedColumns.keys) == Set(descriptor.computed + linked), "\(noun)")
            for field in descriptor.fields where field.isLinked && field.isSearched {
                #expect(table.computedColumns[field.key] != nil, "\(noun).\(field.key) is searched, so its table shows it")
            }
            for name in descriptor.computed {
                #expect(table.select.text.contains(" AS \"\(name.replacingOccurrences(of: "-", with: "_"))\""), "\(noun).\(name)")
            }
        }
    }

    @Test func everyReferenceOfADeclaredNounIsANounOfTheRegister() {
        for descriptor in NounDescriptor.declared {
            #expect(Noun(rawValue: descriptor.noun).map { RegisterStore.table(for: $0).noun.rawValue } == descriptor.noun)
            for field in descriptor.fields {
                guard let noun = field.referencedNoun else { continue }
                #expect(Noun(rawValue: noun) != nil, "\(descriptor.noun).\(field.key) refers to \(noun)")
            }
        }
    }
}
