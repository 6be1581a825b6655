import Testing
import VanortProtocol

@Suite struct ReplyEncoderTests {
    @Test func statusLineHasCodeKeywordAndText() {
        #expect(ReplyEncoder.encode(Reply(.ok, "pong"), as: .text) == "200 OK pong\n")
        #expect(ReplyEncoder.encode(Reply(.databaseDown), as: .text) == "503 DBDOWN\n")
        #expect(ReplyEncoder.encode(Reply(.syntax, "two\nlines"), as: .text) == "400 SYNTAX two lines\n")
    }

    @Test func textRowsEscapeTabsNewlinesBackslashesAndNull() {
        let table = Table(columns: ["id", "name", "notes"], rows: [
            [1, "Linköping", "a\tb\nc\\d"],
            [2, ".hidden", .null],
        ])
        let text = ReplyEncoder.encode(.rows(table), as: .text)
        #expect(text == "210 ROWS n=2\nid\tname\tnotes\n1\tLinköping\ta\\tb\\nc\\\\d\n2\t.hidden\t\\N\n.\n")
        // A row whose first cell starts with "." is dot-stuffed.
        let dotted = ReplyEncoder.encode(.rows(Table(columns: ["v"], rows: [[".x"], ["."]])), as: .text)
        #expect(dotted == "210 ROWS n=2\nv\n..x\n..\n.\n")
    }

    @Test func jsonReplyIsOneLineWithRealUTF8() throws {
        let table = Table(columns: ["name", "population", "areas", "cost", "active", "notes"], rows: [
            ["Kecskemét", 110_000, .list(["culture", "sport"]), .decimal("1250.50"), true, .null]
        ])
        let json = ReplyEncoder.encode(.rows(table), as: .json)
        #expect(json.hasSuffix("\n"))
        #expect(json.dropLast().contains("\n") == false)
        #expect(json.contains("Kecskemét"))
        #expect(json == #"{"code":210,"status":"ROWS","message":"n=1","columns":["name","population","areas","cost","active","notes"],"rows":[{"name":"Kecskemét","population":110000,"areas":["culture","sport"],"cost":1250.50,"active":true,"notes":null}]}"# + "\n")
    }

    @Test func jsonEscapesQuotesBackslashesAndControlCharactersOnly() {
        var writer = JSONWriter()
        writer.beginArray()
        writer.string("Linköping \"q\" a\\b\tc\nd\re\u{1}f\u{7F}g 🇸🇪")
        writer.string("plain")
        writer.endArray()
        #expect(writer.output == #"["Linköping \"q\" a\\b\tc\nd\re\u0001f\u007fg 🇸🇪","plain"]"#)
    }

    @Test func jsonRoundTripsThroughTheDecoder() throws {
        // Text that looks like a number or a flag stays text; numbers and flags keep their kind.
        let table = Table(
            columns: ["id", "name", "notes", "areas", "code", "flag", "cost", "active"],
            rows: [[7, "Tab\there \"q\" \u{1}", .null, .list(["a,b", "c"]), "0042", "true", .decimal("1250.5"), false]])
        let reply = Reply.rows(table)
        let decoded = try ReplyDecoder.decode(ReplyEncoder.json(reply))
        #expect(decoded == reply)
        let invalid = Reply.invalid(field: "to", "must not be before from")
        #expect(try ReplyDecoder.decode(ReplyEncoder.json(invalid)) == invalid)
    }

    @Test func keysQuotedOnceForATableAreTheKeysWrittenOneByOne() throws {
        // Row keys are quoted once per table; a column name that needs escaping must still read back.
        for name in ["id", "Läsår", "a \"q\" b\\c\t"] {
            var single = JSONWriter()
            single.beginObject(); single.key(name); single.int(1); single.endObject()
            var quoted = JSONWriter()
            quoted.beginObject(); quoted.key(quoted: JSONWriter.quotedKey(name)); quoted.int(1); quoted.endObject()
            #expect(quoted.output == single.output)
        }
        let reply = Reply.rows(Table(columns: ["a \"q\"", "b"], rows: [["x", 1], [.null, 2]]))
        #expect(try ReplyDecoder.decode(ReplyEncoder.json(reply)) == reply)
    }

    @Test func decoderRejectsWhatIsNotAReply() {
        #expect(throws: ReplyDecoder.DecodingError.self) { try ReplyDecoder.decode("200 OK pong") }
        #expect(throws: ReplyDecoder.DecodingError.self) { try ReplyDecoder.decode(#"{"code":999}"#) }
    }
}
