/// Topic Name and Topic Filter rules (MQTT 3.1.1 §4.7; MQTT 5 §4.7, §4.8.2 for shared subscriptions).
public enum MQTTTopic {
    /// Why `name` cannot be a Topic Name, or nil. Topic Names have no wildcards [MQTT-3.3.2-2] and at least
    /// one character [MQTT-4.7.3-1]; MQTT 5 PUBLISH may send an empty name with a Topic Alias, which
    /// `allowEmpty` permits.
    public static func nameProblem(_ name: String, allowEmpty: Bool = false) -> String? {
        if name.utf8.isEmpty { return allowEmpty ? nil : "a topic name has at least one character (§4.7.3)" }
        if name.utf8.contains(where: { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "#") }) {
            return "a topic name has no wildcard characters (§3.3.2.1)"
        }
        return nil
    }

    /// Why `filter` cannot be a Topic Filter, or nil: at least one character, '#' only as the whole last
    /// level, '+' only as a whole level (§4.7.1). In MQTT 5, "$share/{ShareName}/{filter}" also needs a
    /// share name without wildcards and a filter after it (§4.8.2).
    public static func filterProblem(_ filter: String, protocolVersion: MQTTProtocolVersion = .v3_1_1) -> String? {
        var levels = filter.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).map(Array.init)
        if protocolVersion.hasProperties, levels.first == Array("$share".utf8) {
            guard levels.count >= 3 else { return "a shared subscription needs a share name and a filter (§4.8.2)" }
            let share = levels[1]
            if share.isEmpty || share.contains(UInt8(ascii: "+")) || share.contains(UInt8(ascii: "#")) {
                return "the share name is empty or has wildcards (§4.8.2)"
            }
            levels.removeFirst(2)
        }
        if levels.count == 1 && levels[0].isEmpty { return "a topic filter has at least one character (§4.7.3)" }
        for (index, level) in levels.enumerated() {
            if level.contains(UInt8(ascii: "#")) && (level.count != 1 || index != levels.count - 1) {
                return "'#' must be a whole level and the last one (§4.7.1.2)"
            }
            if level.contains(UInt8(ascii: "+")) && level.count != 1 {
                return "'+' must be a whole level (§4.7.1.3)"
            }
        }
        return nil
    }
}
