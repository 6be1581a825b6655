import Testing
import VanortProtocol

@Suite struct RequestParserTests {
    private func parse(_ line: String) throws -> Request {
        try RequestParser.parse(Array(line.utf8))
    }

    private func syntaxError(_ bytes: [UInt8]) -> SyntaxError? {
        do {
            _ = try RequestParser.parse(bytes)
            return nil
        } catch {
            return error
        }
    }

    private func syntaxError(_ line: String) -> SyntaxError? { syntaxError(Array(line.utf8)) }

    @Test func wordsAndOptionsKeepTheirOrder() throws {
        let request = try parse(#"visit add city="Palo Alto" direction=outgoing from=2027-05-03 to=2027-05-09"#)
        #expect(request.words == ["visit", "add"])
        #expect(request.options.map(\.key) == ["city", "direction", "from", "to"])
        #expect(request.option("city") == "Palo Alto")
        #expect(request.option("to") == "2027-05-09")
    }

    @Test func bareWordsMayHoldNonASCII() throws {
        let request = try parse("city show Linköping country=HU name=Kecskemét other=Münster")
        #expect(request.words == ["city", "show", "Linköping"])
        #expect(request.option("name") == "Kecskemét")
        #expect(request.option("other") == "Münster")
    }

    @Test func textIsNormalisedToNFC() throws {
        // "o" + COMBINING DIAERESIS becomes "ö".
        let request = try parse("city show Linko\u{308}ping name=\"Ko\u{308}\"")
        #expect(request.words[2].unicodeScalars.count == "Linköping".unicodeScalars.count)
        #expect(request.words[2] == "Linköping")
        #expect(request.option("name")?.unicodeScalars.count == 2)
    }

    @Test func escapesInsideQuotes() throws {
        let request = try parse(#"note add text="say \"hej\"\\ \n\t\r \u{E9}\u{1F600}""#)
        #expect(request.option("text") == "say \"hej\"\\ \n\t\r é😀")
    }

    @Test func quotedPositionalWordsAndEmptyValues() throws {
        let request = try parse(#"city show "Palo Alto" "a=b" notes= region="""#)
        #expect(request.words == ["city", "show", "Palo Alto", "a=b"])
        #expect(request.option("notes") == "")
        #expect(request.option("region") == "")
    }

    @Test func crlfAndExtraSpacesAreAccepted() throws {
        let request = try RequestParser.parse(Array("  PING   \r".utf8))
        #expect(request.words == ["PING"])
    }

    @Test func emptyLineIsAnEmptyRequest() throws {
        #expect(try parse("").words.isEmpty)
        #expect(try parse("    ").words.isEmpty)
    }

    @Test func writtenRequestsParseBack() throws {
        let original = Request(
            words: ["contact", "add"],
            options: [("name", "Anna \"Ankan\" Berg"), ("notes", "line1\nline2\t=;DROP TABLE city;--"), ("unit", "Linköping")])
        #expect(try parse(original.line) == original)
    }

    @Test func unbalancedQuoteIsASyntaxError() {
        let error = syntaxError(#"city add name="Palo Alto"#)
        #expect(error?.message == "unbalanced quote")
        #expect(error?.column == 15)
    }

    @Test func textGluedToClosingQuoteIsASyntaxError() {
        #expect(syntaxError(#"city show "a"b"#)?.message == "text glued to a closing quote")
        #expect(syntaxError(#"city add name="a"b"#)?.message == "text glued to a closing quote")
    }

    @Test func quoteInsideABareWordIsASyntaxError() {
        #expect(syntaxError(#"city show a"b""#)?.message == "unexpected '\"' inside a word")
    }

    @Test func rawControlCharactersAreSyntaxErrors() {
        #expect(syntaxError("city show a\tb")?.message.hasPrefix("raw control character") == true)
        #expect(syntaxError("city show \"a\u{1B}b\"")?.message.hasPrefix("raw control character") == true)
        #expect(syntaxError("city show a\u{7F}")?.message.hasPrefix("raw control character") == true)
    }

    @Test func nulAndInvalidUTF8AreSyntaxErrors() {
        #expect(syntaxError([0x50, 0x00, 0x49])?.message == "NUL byte in request")
        #expect(syntaxError([0x50, 0xC3, 0x28])?.message == "request is not valid UTF-8")
        #expect(syntaxError([0xFF, 0xFE])?.message == "request is not valid UTF-8")
        #expect(syntaxError(#"x y="\u{0}""#)?.message == "\\u{0}: NUL is not allowed")
    }

    @Test func badEscapesAreSyntaxErrors() {
        #expect(syntaxError(#"x "\q""#)?.message == "unknown escape '\\q'")
        #expect(syntaxError(#"x "\u{D800}""#)?.message == "\\u{D800} is not a Unicode scalar")
        #expect(syntaxError(#"x "\u{110000}""#)?.message == "\\u{110000} is not a Unicode scalar")
        #expect(syntaxError(#"x "\u41""#)?.message == "\\u must be followed by {HHHH}")
        #expect(syntaxError(#"x "\"#)?.message == "unbalanced quote")
    }

    @Test func badOptionsAreSyntaxErrors() {
        #expect(syntaxError("x a=b=c")?.message == "a value holding '=' must be quoted")
        #expect(syntaxError("x =b")?.message.hasPrefix("'' is not an option name") == true)
        #expect(syntaxError("x Name=b")?.message.hasPrefix("'Name' is not an option name") == true)
        #expect(syntaxError("x a=1 a=2")?.message == "option 'a' given twice")
    }

    /// Found by the fuzzer: a combining mark right after a quote, a space or '=' joined it
    /// into one Character and hid it from a character-based scanner.
    @Test func aCombiningMarkAfterAQuoteSpaceOrEqualsSignDoesNotHideIt() throws {
        let word = "\u{0731}Iat\\c?"
        let request = try RequestParser.parse(Array(word.utf8))
        #expect(try RequestParser.parse(request.line) == request)
        #expect(try RequestParser.parse("x \"\u{0301}a\"").words == ["x", "\u{0301}a"])
        #expect(try RequestParser.parse("x \u{0301}a").words == ["x", "\u{0301}a"])
        let option = try RequestParser.parse("x note=\u{0301}a")
        #expect(option.option("note") == "\u{0301}a")
        #expect(try RequestParser.parse(option.line) == option)
    }
}
