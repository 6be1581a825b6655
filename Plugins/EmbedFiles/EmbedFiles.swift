import Foundation
import PackagePlugin

/// Embeds text files the binaries carry into the target as Swift source, so each stays the
/// one place to edit it: the numbered migrations in `sql/` (into VanortStore) and the
/// message catalogues in `catalogue/` (into VanortDomain), which translators edit, and the
/// web face's page templates (into VanortDaemon).
@main
struct EmbedFiles: BuildToolPlugin {
    /// What a target embeds: the directory, the files' extension and the Swift variable.
    static let embedded: [String: (directory: String, extension: String, variable: String)] = [
        "VanortStore": ("sql", "sql", "embeddedMigrationFiles"),
        "VanortDomain": ("catalogue", "txt", "embeddedCatalogueFiles"),
        "VanortDaemon": ("Sources/VanortDaemon/Web/Templates", "mustache", "embeddedTemplateFiles"),
    ]

    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let what = Self.embedded[target.name] else { return [] }
        let directory = context.package.directoryURL.appending(path: what.directory)
        let files = try FileManager.default
            .contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == what.extension }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        let output = context.pluginWorkDirectoryURL.appending(path: "Embedded-\(what.variable).swift")
        return [
            .buildCommand(
                displayName: "Embedding \(files.count) files from \(what.directory)/",
                executable: try context.tool(named: "FileEmbedder").url,
                arguments: [output.path, what.variable] + files.map(\.path),
                inputFiles: files,
                outputFiles: [output]
            )
        ]
    }
}
