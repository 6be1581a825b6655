import Testing
import VanortClient

@Suite struct CSVReaderTests {
    @Test func quotedFieldsDoubledQuotesAndLineNumbers() throws {
        let text = "name,notes\r\nKecskemét,\"says \"\"hej\"\", then\nleaves\"\r\nUtena,\r\n\r\nMünster,x\n"
        let records = try CSVReader.records(text)
        #expect(records.map(\.line) == [1, 2, 4, 6])
        #expect(records[1].fields == ["Kecskemét", "says \"hej\", then\nleaves"])
        #expect(records[2].fields == ["Utena", ""])
        #expect(records[3].fields == ["Münster", "x"])
    }

    @Test func whatTheRendererWritesReadsBack() throws {
        let text = "\u{FEFF}a,b\n\"1,2\",\"\"\n"
        #expect(try CSVReader.records(text).map(\.fields) == [["a", "b"], ["1,2", ""]])
    }

    @Test func malformedCSVNamesTheLine() {
        #expect(throws: CSVReader.SyntaxError.self) { try CSVReader.records("a\n\"open\n") }
        #expect(throws: CSVReader.SyntaxError.self) { try CSVReader.records("a\nx\"y\n") }
        #expect(throws: CSVReader.SyntaxError.self) { try CSVReader.records("a\n\"x\"y\n") }
    }
}
