/// An MQTT 5 property block (§2.2.2): the properties in wire order. Empty for 3.1 and 3.1.1 packets.
///
/// Decoding rejects unknown identifiers, identifiers the packet may not carry, repeats of properties that
/// may appear once, values of the wrong range and lengths past the block's end. Encoding rejects the same.
public struct MQTTProperties: Sendable, Equatable, RandomAccessCollection, ExpressibleByArrayLiteral {
    public var elements: [MQTTProperty]

    public init(_ elements: [MQTTProperty] = []) { self.elements = elements }
    public init(arrayLiteral elements: MQTTProperty...) { self.elements = elements }

    public var startIndex: Int { elements.startIndex }
    public var endIndex: Int { elements.endIndex }
    public subscript(position: Int) -> MQTTProperty { elements[position] }

    /// Every property with this identifier, in wire order.
    public func all(_ identifier: MQTTPropertyIdentifier) -> [MQTTProperty] {
        elements.filter { $0.identifier == identifier }
    }

    /// The first property with this identifier.
    public func first(_ identifier: MQTTPropertyIdentifier) -> MQTTProperty? {
        elements.first { $0.identifier == identifier }
    }

    /// Checks the block against table 2-4 and the per-property rules without encoding it.
    public func validate(in context: MQTTPropertyContext) throws(MQTTEncodingError) {
        var seen: UInt64 = 0
        for property in elements {
            let identifier = property.identifier
            guard identifier.isAllowed(in: context) else { throw .propertyNotAllowed(identifier, context: context) }
            let bit: UInt64 = 1 << identifier.rawValue
            if seen & bit != 0 && !identifier.mayRepeat(in: context) {
                throw .duplicateProperty(identifier, context: context)
            }
            seen |= bit
            if let problem = property.valueProblem { throw .invalidPropertyValue(identifier, reason: problem) }
        }
    }

    /// Property Length (a Variable Byte Integer), then the properties (§2.2.2.1).
    func encode(into writer: inout MQTTByteWriter, _ context: MQTTPropertyContext) throws(MQTTEncodingError) {
        try validate(in: context)
        var block = MQTTByteWriter()
        for property in elements {
            try property.encode(into: &block, "\(context) \(property.identifier)")
        }
        try writer.variableByteInteger(block.bytes.count)
        writer.append(block.bytes)
    }

    /// Reads Property Length and the properties it covers (§2.2.2.1, §2.2.2.2).
    static func decode(
        from reader: inout MQTTByteReader, _ context: MQTTPropertyContext
    ) throws(MQTTDecodingError) -> MQTTProperties {
        let length = try reader.variableByteInteger("\(context) property length")
        var block = try reader.subReader(count: length, "\(context) properties")
        var seen: UInt64 = 0
        var elements: [MQTTProperty] = []
        while !block.isAtEnd {
            let raw = try block.variableByteInteger("\(context) property identifier")
            guard raw <= 0xFF, let identifier = MQTTPropertyIdentifier(rawValue: UInt8(raw)) else {
                throw .unknownProperty(identifier: raw, context: context)
            }
            guard identifier.isAllowed(in: context) else { throw .propertyNotAllowed(identifier, context: context) }
            let bit: UInt64 = 1 << identifier.rawValue
            if seen & bit != 0 && !identifier.mayRepeat(in: context) {
                throw .duplicateProperty(identifier, context: context)
            }
            seen |= bit
            elements.append(try MQTTProperty.decode(identifier, from: &block, "\(context) \(identifier)"))
        }
        return MQTTProperties(elements)
    }
}
