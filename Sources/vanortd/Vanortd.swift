import ArgumentParser
import Foundation
import Logging
import VanortDaemon

/// `vanortd`: the twin-town register's daemon.
@main
struct Vanortd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vanortd",
        abstract: "The vanort daemon: the twin-town register, its reminders and its admin socket.",
        subcommands: [Run.self, Migrate.self, CheckConfig.self, GenCert.self],
        defaultSubcommand: Run.self
    )
}

/// Prints a configuration or start-up error as one line and exits with 1.
func fail(_ error: any Error) -> ExitCode {
    FileHandle.standardError.write(Data("vanortd: \(error)\n".utf8))
    return ExitCode(1)
}

extension Vanortd {
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run the daemon (the default).", discussion: SettingsOptions.help)
        @OptionGroup var settings: SettingsOptions

        func run() async throws {
            let levelSwitch = LogLevelSwitch(.info)
            do {
                try await Daemon(source: settings.source, levelSwitch: levelSwitch).run()
            } catch {
                throw fail(error)
            }
        }
    }

    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Apply pending migrations and exit.", discussion: SettingsOptions.help)
        @OptionGroup var settings: SettingsOptions

        func run() async throws {
            do {
                let applied = try await Daemon.migrate(try settings.source.load())
                print(applied.isEmpty ? "schema is up to date" : "applied migrations \(applied.map(String.init).joined(separator: ", "))")
            } catch {
                throw fail(error)
            }
        }
    }

    struct CheckConfig: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Validate the configuration, print it and exit.", discussion: SettingsOptions.help)
        @OptionGroup var settings: SettingsOptions

        func run() async throws {
            do {
                for (key, value) in try settings.source.load().summary { print("\(key) = \(value)") }
            } catch {
                throw fail(error)
            }
        }
    }

    struct GenCert: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "gen-cert", abstract: "Write a self-signed TLS certificate (cert.pem) and key (key.pem) for the TCP listener.")
        @Option(help: "Directory to write cert.pem and key.pem into.") var out: String
        @Option(help: "The name (or IPv4 address) clients use to reach vanortd.") var host = "localhost"
        @Option(help: "Days the certificate is valid.") var days = 825

        func run() async throws {
            do {
                let written = try SelfSignedCertificate(host: host, days: days).write(to: out)
                print("certificate: \(written.certificate)\nkey:         \(written.key)")
                print("vanortd: --listen 0.0.0.0:7443 --tls-cert \(written.certificate) --tls-key \(written.key)")
                print("vanortctl: --host \(host):7443 --ca-file \(written.certificate) --token-file FILE")
            } catch {
                throw fail(error)
            }
        }
    }
}
