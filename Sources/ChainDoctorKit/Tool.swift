/// The tool's name and version, as reports and `--version` state them.
public enum Tool {
    public static let name = "chaindoctor"
    public static let version = "0.1.0"
}
