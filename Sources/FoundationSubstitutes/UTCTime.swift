/// Dates written as chaindoctor's reports write them, ISO 8601 in UTC: "2026-12-02T19:05:22Z" and "2026-12-02", as
/// FoundationEssentials' `Date.formatted(.iso8601)` and `.iso8601.year().month().day()` write them (tested against
/// it). Computed from the seconds since 1970 with the proleptic Gregorian calendar (days-from-civil inverted,
/// H. Hinnant), because the format style's first use builds a Calendar and resolves the current time zone: 1.2
/// million instructions of every quick probe, for a text whose every field is fixed by the date alone.
public enum UTCTime {
    /// "2026-12-02T19:05:22Z": to the second, the fraction dropped; nil before 1582-10-15 (Foundation's calendar is
    /// Julian before the Gregorian reform, this one is not) and from the year 10000 on.
    public static func dateTime(secondsSince1970 seconds: Double) -> String? {
        guard let parts = parts(seconds) else { return nil }
        return "\(digits(parts.year, 4))-\(digits(parts.month, 2))-\(digits(parts.day, 2))T"
            + "\(digits(parts.second / 3600, 2)):\(digits(parts.second / 60 % 60, 2)):\(digits(parts.second % 60, 2))Z"
    }

    /// "2026-12-02"; nil where `dateTime` is.
    public static func day(secondsSince1970 seconds: Double) -> String? {
        guard let parts = parts(seconds) else { return nil }
        return "\(digits(parts.year, 4))-\(digits(parts.month, 2))-\(digits(parts.day, 2))"
    }

    /// Year, month, day and the second of that day.
    private static func parts(_ seconds: Double) -> (year: Int, month: Int, day: Int, second: Int)? {
        // 1582-10-15 (the first day of the Gregorian calendar) and 10000-01-01, in seconds since 1970.
        guard seconds.isFinite, seconds >= -12_219_292_800, seconds < 253_402_300_800 else { return nil }
        let whole = Int(seconds.rounded(.down))
        var days = whole / 86_400
        var second = whole % 86_400
        if second < 0 {
            second += 86_400
            days -= 1
        }
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day, second)
    }

    private static func digits(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}

#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

extension Date {
    /// `formatted(.iso8601)`, "2026-12-02T19:05:22Z", without the format style's first-use cost (`UTCTime`).
    public var iso8601Text: String {
        UTCTime.dateTime(secondsSince1970: timeIntervalSince1970) ?? formatted(.iso8601)
    }

    /// `formatted(.iso8601.year().month().day())`, "2026-12-02".
    public var iso8601DayText: String {
        UTCTime.day(secondsSince1970: timeIntervalSince1970) ?? formatted(.iso8601.year().month().day())
    }
}
