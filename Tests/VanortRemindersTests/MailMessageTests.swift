import Foundation
import Testing
import VanortDomain
@testable import VanortReminders
import VanortStore

@Suite struct MailMessageTests {
    let recipient = ReminderRecipient(contactID: 7, name: "Åsa Öberg", email: "asa@example.org", language: .sv)

    private func message(subject: String) -> MailMessage {
        MailMessage(
            from: "vanort@example.org", to: recipient, subject: subject, body: "Rad ett\nRad två: åäö\n",
            date: Date(timeIntervalSince1970: 1_795_348_800), messageID: "reminder-3-7@host", reminderID: 3)
    }

    /// The header block unfolded (continuation lines joined), by name.
    private func headers(_ rendered: String) -> [String: String] {
        let head = rendered.components(separatedBy: "\r\n\r\n")[0].replacingOccurrences(of: "\r\n ", with: " ")
        var fields: [String: String] = [:]
        for line in head.components(separatedBy: "\r\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            fields[String(parts[0])] = parts[1].trimmingCharacters(in: .whitespaces)
        }
        return fields
    }

    /// Decodes RFC 2047 `=?UTF-8?B?…?=` words separated by spaces.
    private func decodeWords(_ text: String) -> String {
        text.split(separator: " ").map { word -> String in
            guard word.hasPrefix("=?UTF-8?B?"), word.hasSuffix("?=") else { return String(word) }
            let base64 = word.dropFirst(10).dropLast(2)
            return String(decoding: Data(base64Encoded: String(base64)) ?? Data(), as: UTF8.self)
        }.joined()
    }

    @Test func aMessageHasTheRFC5322HeadersAndCRLFLines() {
        let rendered = message(subject: "Kommande besök: Kecskemét (2027-05-03)").rendered
        let fields = headers(rendered)
        #expect(fields["Date"] == "Sun, 22 Nov 2026 12:00:00 +0000")
        #expect(fields["Message-ID"] == "<reminder-3-7@host>")
        #expect(fields["MIME-Version"] == "1.0")
        #expect(fields["Content-Type"] == "text/plain; charset=UTF-8")
        #expect(fields["To"]?.hasSuffix("<asa@example.org>") == true)
        #expect(decodeWords(fields["Subject"] ?? "") == "Kommande besök: Kecskemét (2027-05-03)")
        #expect(decodeWords(String((fields["To"] ?? "").split(separator: "<")[0]).trimmingCharacters(in: .whitespaces)) == "Åsa Öberg")
        #expect(!rendered.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "every line ends in CRLF")
        for line in rendered.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 78, "\(line)") }
    }

    @Test func theBodyIsUTF8InBase64() {
        let rendered = message(subject: "Reminder").rendered
        let body = rendered.components(separatedBy: "\r\n\r\n")[1].replacingOccurrences(of: "\r\n", with: "")
        let decoded = String(decoding: Data(base64Encoded: body) ?? Data(), as: UTF8.self)
        #expect(decoded == "Rad ett\r\nRad två: åäö\r\n")
        #expect(headers(rendered)["Subject"] == "Reminder")
    }

    @Test func aLongSubjectIsSplitIntoWordsWithoutBreakingCharacters() {
        let subject = String(repeating: "Utvärdering av partnerskapet med Kecskemét ", count: 4)
        let fields = headers(message(subject: subject).rendered)
        #expect(decodeWords(fields["Subject"] ?? "") == subject.replacingOccurrences(of: "\n", with: " "))
    }
}

@Suite struct RetryPolicyTests {
    @Test func backOffDoublesUpToItsCap() {
        let policy = RetryPolicy(maxAttempts: 8, baseSeconds: 60, maximumSeconds: 600)
        #expect((1...6).map { policy.delay(afterAttempt: $0) } == [60, 120, 240, 480, 600, 600])
    }
}

@Suite struct ExternalCommandTests {
    @Test func theCommandReadsItsInputAndItsExitStatusCounts() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vx-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("in.txt").path
        let ok = await ExternalCommand("cat > '\(file)'").run(input: Data("hej ä\n".utf8))
        #expect(ok.succeeded)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "hej ä\n")
        let failed = await ExternalCommand("echo 'no route to mail host' >&2; exit 75").run(input: Data())
        #expect(!failed.succeeded)
        #expect(failed.failure == "exit status 75: no route to mail host")
    }

    @Test func aCommandThatOverstaysItsTimeoutIsKilled() async {
        let clock = ContinuousClock()
        let start = clock.now
        let outcome = await ExternalCommand("exec sleep 30", timeoutSeconds: 0.5).run(input: Data())
        #expect(outcome.timedOut)
        #expect(!outcome.succeeded)
        #expect(clock.now - start < .seconds(20))
    }

    @Test func aTimeoutHoldsWhateverTheCommandDoesWithItsPipes() async throws {
        let clock = ContinuousClock()
        let start = clock.now
        // Closes stderr and runs on; never reads a megabyte of input; leaves a child behind.
        let quiet = await ExternalCommand("exec 2>&-; exec sleep 30", timeoutSeconds: 0.5).run(input: Data())
        let deaf = await ExternalCommand("exec sleep 30", timeoutSeconds: 0.5).run(input: Data(repeating: 65, count: 1 << 20))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vanort-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let pidFile = directory.appendingPathComponent("pid").path
        let parent = await ExternalCommand("sleep 30 & echo $! > '\(pidFile)'; exec sleep 30", timeoutSeconds: 0.5).run(input: Data())
        #expect(quiet.timedOut && deaf.timedOut && parent.timedOut)
        // Each was killed at its timeout, not after its 30 s.
        #expect(clock.now - start < .seconds(20))
        // What the command started went with it.
        let orphan = try #require(Int32(try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        var gone = false
        for _ in 0..<500 where !gone {
            let state = (try? String(contentsOfFile: "/proc/\(orphan)/stat", encoding: .utf8))?.split(separator: " ").dropFirst(2).first
            gone = state == nil || state == "Z"
            if !gone { try await Task.sleep(for: .milliseconds(10)) }
        }
        #expect(gone, "the command's own child \(orphan) still runs")
    }

    @Test func aCommandThatIgnoresItsInputIsStillAnOutcome() async {
        let big = Data(repeating: 65, count: 1 << 20)
        let outcome = await ExternalCommand("exit 0").run(input: big)
        #expect(outcome.exitStatus == 0)
    }
}
