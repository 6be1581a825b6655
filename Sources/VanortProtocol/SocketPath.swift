import Foundation

/// Where the admin socket lives when nobody says otherwise; daemon and client agree on it.
public enum SocketPath {
    /// `$RUNTIME_DIRECTORY/admin.sock` under systemd (`/run/vanort`), else
    /// `$XDG_RUNTIME_DIR/vanort/admin.sock`, else `./vanortd.sock`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let runtime = environment["RUNTIME_DIRECTORY"], !runtime.isEmpty {
            return runtime.split(separator: ":").first.map { "\($0)/admin.sock" } ?? "/run/vanort/admin.sock"
        }
        if let xdg = environment["XDG_RUNTIME_DIR"], !xdg.isEmpty {
            return "\(xdg)/vanort/admin.sock"
        }
        return "./vanortd.sock"
    }
}
