import ArgumentParser
import Foundation
import VanortClient
import VanortProtocol

/// Options every vanortctl command takes, before or after the command's words.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Admin socket path (env VANORT_SOCKET).")
    var socket: String?

    @Flag(name: .long, help: "Print one JSON document.")
    var json = false

    @Flag(name: .long, help: "Print RFC 4180 CSV with a header.")
    var csv = false

    var socketPath: String {
        socket ?? ProcessInfo.processInfo.environment["VANORT_SOCKET"] ?? SocketPath.defaultPath()
    }

    /// `--json`, `--csv`, else a table on a terminal and TSV in a pipe.
    var format: OutputFormat {
        if json { return .json }
        if csv { return .csv }
        return isatty(STDOUT_FILENO) == 1 ? .table : .tsv
    }

    var invocation: Invocation { Invocation(socketPath: socketPath, format: format) }

    func validate() throws {
        if json && csv { throw ValidationError("--json and --csv exclude each other") }
    }
}

extension Invocation.Outcome {
    /// Prints the outcome and ends the command with its exit code.
    func finish() throws {
        if !stdout.isEmpty { FileHandle.standardOutput.write(Data(stdout.utf8)) }
        if !stderr.isEmpty { FileHandle.standardError.write(Data(stderr.utf8)) }
        if exitCode != 0 { throw ExitCode(exitCode) }
    }
}
