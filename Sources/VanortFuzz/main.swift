// The fuzz target for the admin protocol's request parser and command decoder.
//
// Built with `-sanitize=fuzzer,address -DFUZZING` (deploy/fuzz.sh) it is a libFuzzer
// binary; built normally it replays files (a corpus, crash inputs) through the same
// checks, which is how the unit tests keep every past crash fixed.
import Foundation
import VanortDomain
import VanortProtocol

/// Runs one input through everything a client's bytes reach before any database:
/// the request parser, the writer's round trip, the domain's field decoders, and (for
/// the client side) the reply decoder. A violated property stops the process.
func check(_ bytes: [UInt8]) {
    if let request = try? RequestParser.parse(bytes) {
        // What the writer makes of a parsed request parses back to the same request.
        guard let again = try? RequestParser.parse(request.line), again == request else {
            preconditionFailure("round trip changed \(request.line.debugDescription)")
        }
        decodeRecords(request)
    }
    _ = try? ReplyDecoder.decode(String(decoding: bytes, as: UTF8.self))
}

/// Feeds the request's options to every record's validation, as `add` would.
func decodeRecords(_ request: Request) {
    let input = FieldInput(Dictionary(request.options.map { ($0.key, $0.value) }) { $1 })
    guard let start = CalendarDate(year: 2027, month: 5, day: 3) else { return }
    if let values = try? Participant.descriptor.read(input) {
        try? Participant.check(values, exchangeStart: start, exchangeConfirmed: true, today: start)
    }
    for descriptor in NounDescriptor.declared {
        if var values = try? descriptor.read(input) { try? descriptor.validate(&values) }
    }
    if let rule = try? ReminderRule(input, contactID: nil), let zone = TimeZone(identifier: "Europe/Stockholm") {
        _ = rule.dueTimes(for: ReminderOccasion(start: start, end: start, due: start, kind: "study", signed: start), zone: zone, after: Date(timeIntervalSince1970: 0))
    }
}

#if FUZZING
/// libFuzzer's entry point: one input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    check(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

var argc = CommandLine.argc
var argv = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzOneInput(data, size) })
#else
var replayed = 0
for argument in CommandLine.arguments.dropFirst() {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) else {
        FileHandle.standardError.write(Data("VanortFuzz: no such file \(argument)\n".utf8))
        exit(64)
    }
    let files = isDirectory.boolValue
        ? ((try? FileManager.default.contentsOfDirectory(atPath: argument)) ?? []).sorted().map { argument + "/" + $0 } : [argument]
    for file in files {
        guard let data = FileManager.default.contents(atPath: file) else { continue }
        check(Array(data))
        replayed += 1
    }
}
print("replayed \(replayed) inputs")
#endif
