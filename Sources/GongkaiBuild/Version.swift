public enum GongkaiVersion {
    public static let current = "0.1.0"
}
