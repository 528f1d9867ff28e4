import Testing
@testable import Resources

@Suite struct CronScheduleTests {
    @Test(arguments: ["*/5 * * * *", "0 0 * * 0", "30 2 1-15/2 JAN-jun MON,wed,Fri", "0 12 ? * *", "5 4 * * sun",
                      "@hourly", "@daily", "@midnight", "@weekly", "@monthly", "@yearly", "@annually", "@every 1h30m", "0,15,30,45 * * * *"])
    func validSchedules(schedule: String) {
        if case .failure(let e) = CronSchedule.parse(schedule) { Issue.record("\(schedule): \(e.message)") }
    }

    @Test(arguments: [
        ("* * * *", "expected exactly 5 fields, found 4: [* * * *]"),
        ("60 * * * *", "end of range (60) above maximum (59): 60"),
        ("* * 0 * *", "beginning of range (0) below minimum (1): 0"),
        ("* * * * 7", "end of range (7) above maximum (6): 7"),
        ("5-1 * * * *", "beginning of range (5) beyond end of range (1): 5-1"),
        ("*/0 * * * *", "step of range should be a positive number: */0"),
        ("1-2-3 * * * *", "too many hyphens: 1-2-3"),
        ("*/2/3 * * * *", "too many slashes: */2/3"),
        ("x * * * *", #"failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax"#),
        ("* * * FOO *", #"failed to parse int from FOO: strconv.Atoi: parsing "FOO": invalid syntax"#),
        ("@often", "unrecognized descriptor: @often"),
        ("", "empty spec string"),
    ])
    func invalidSchedules(schedule: String, message: String) {
        guard case .failure(let e) = CronSchedule.parse(schedule) else {
            Issue.record("\(schedule) parsed")
            return
        }
        #expect(e.message == message)
    }

    @Test func fieldsHoldTheChosenValues() throws {
        let s = try CronSchedule.parse("*/15 9-17 * feb 1-5").get()
        #expect(s.minutes == (1 << 0 | 1 << 15 | 1 << 30 | 1 << 45))
        #expect(s.hours == (9...17).reduce(0) { $0 | 1 << UInt64($1) })
        #expect(s.months == 1 << 2)
        #expect(s.daysOfWeek == 0b111110)
    }
}
