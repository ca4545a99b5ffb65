import FoundationSubstitutes

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A family of MQTT clients that validate a broker's chain with the same TLS stack, so that they accept and reject
/// the same chains and print the same words. `profile` says how.
public enum ClientFamily: String, Sendable, Equatable, Hashable, CaseIterable, Codable {
    /// mosquitto_sub/pub, libmosquitto, Paho C and Python, Node's mqtt.js: OpenSSL.
    case openssl
    /// paho.golang and Eclipse Paho Go: crypto/x509.
    case go
    /// HiveMQ and Paho Java clients: JSSE's PKIX trust manager.
    case java
    /// ESP32 firmware on ESP-IDF's esp-mqtt: mbedTLS with ESP-IDF's defaults.
    case mbedtls
    /// ESP8266 Arduino sketches (PubSubClient over WiFiClientSecure): BearSSL's minimal X.509 engine.
    case bearssl
    /// wolfMQTT and many RTOS stacks: wolfSSL.
    case wolfssl

    /// The families most fleets have when `--clients` is not given: services on OpenSSL, Go and Java, and ESP32
    /// devices on mbedTLS.
    public static let typicalFleet: [ClientFamily] = [.openssl, .go, .java, .mbedtls]

    public var profile: ClientProfile {
        switch self {
        case .openssl: .openssl
        case .go: .go
        case .java: .java
        case .mbedtls: .mbedtls
        case .bearssl: .bearssl
        case .wolfssl: .wolfssl
        }
    }

    /// Parses a `--clients` list: family names separated by commas, or `all`.
    public static func parseList(_ text: String) -> Result<[ClientFamily], ClientListError> {
        let names = text.split(separator: ",").map { $0.trimming(.whitespaces).lowercased() }
        guard !names.isEmpty else { return .failure(ClientListError(name: text)) }
        if names == ["all"] { return .success(allCases) }
        var families: [ClientFamily] = []
        for name in names {
            guard let family = ClientFamily(rawValue: name) else { return .failure(ClientListError(name: name)) }
            if !families.contains(family) { families.append(family) }
        }
        return .success(families)
    }
}

public struct ClientListError: Error, Sendable, CustomStringConvertible {
    public var name: String
    public var description: String {
        "unknown client family '\(name)'; use a comma-separated list of "
            + ClientFamily.allCases.map(\.rawValue).joined(separator: ", ") + ", or all"
    }
}
