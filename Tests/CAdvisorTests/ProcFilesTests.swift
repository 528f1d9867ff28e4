import CAdvisor
import Testing

@Suite struct ProcFilesTests {
    @Test func processStatCountsFieldsFromTheLastParenthesis() throws {
        // A command name with a space and a parenthesis, as `python3 -c` children can have.
        let text = "4242 (busy (loop) x) R 4200 4242 4200 0 -1 4194304 97 0 0 0 731 19 40 2 20 0 1 0 1273642 3133440 380 18446744073709551615 0 0\n"
        let stat = try #require(ProcFiles.processStat(text))
        #expect(stat == ProcFiles.ProcessStat(pid: 4242, parent: 4200, ownTicks: 750, reapedChildrenTicks: 42, startTicks: 1273642))
        #expect(ProcFiles.processStat("garbage") == nil)
        #expect(ProcFiles.processStat("1 (x) R 0 1") == nil)
    }

    @Test func residentMemoryAndIO() {
        let status = "Name:\tpython3\nState:\tR (running)\nVmPeak:\t   20000 kB\nVmRSS:\t    9216 kB\nThreads:\t1\n"
        #expect(ProcFiles.residentBytes(status: status) == 9216 * 1024)
        #expect(ProcFiles.residentBytes(status: "Name:\tkthreadd\n") == nil)
        let io = "rchar: 6976\nwchar: 100\nsyscr: 10\nsyscw: 1\nread_bytes: 4096\nwrite_bytes: 8192\ncancelled_write_bytes: 0\n"
        #expect(ProcFiles.io(io) == IOBytes(read: 4096, written: 8192))
        #expect(ProcFiles.io("rchar: 1\n") == nil)
    }

    @Test func nodeCPUIsTheBusyTicksOfTheCPULine() {
        let stat = "cpu  960190 5 214797 1324261 9540 7 12015 1835 100 0\ncpu0 466401 0 102268 686148 2250 0 4287 891 0 0\nintr 1\n"
        // user + nice + system + irq + softirq + steal; idle, iowait and guest left out.
        #expect(ProcFiles.busyTicks(stat: stat) == 960190 + 5 + 214797 + 7 + 12015 + 1835)
        #expect(ProcFiles.busyTicks(stat: "cpu0 1 2 3\n") == nil)
    }

    @Test func nodeMemoryWorkingSetLeavesOutInactiveFilePages() throws {
        let meminfo = """
            MemTotal:       24684084 kB
            MemFree:        16115688 kB
            MemAvailable:   22778448 kB
            Buffers:          114680 kB
            Inactive:        4971892 kB
            Inactive(anon):  1286260 kB
            Inactive(file):  3685632 kB

            """
        let m = try #require(ProcFiles.memory(meminfo: meminfo))
        #expect(m.totalBytes == 24684084 * 1024)
        #expect(m.usageBytes == (24684084 - 16115688) * 1024)
        #expect(m.workingSetBytes == (24684084 - 16115688 - 3685632) * 1024)
        #expect(ProcFiles.memory(meminfo: "MemTotal: 1 kB\n") == nil)
    }

    @Test func diskIOCountsTheChosenDevicesInSectorsOf512Bytes() {
        let diskstats = """
               7       0 loop0 10 0 80 0 0 0 0 0 0 0 0 0 0 0 0 0 0
             254       0 vda 5000 10 200000 3000 7000 20 300000 9000 0 8000 12000 0 0 0 0 0 0
             254       1 vda1 4000 10 190000 2000 6000 20 290000 8000 0 7000 10000 0 0 0 0 0 0

            """
        #expect(ProcFiles.diskIO(diskstats: diskstats, devices: ["vda"]) == IOBytes(read: 200000 * 512, written: 300000 * 512))
    }

    @Test func descendantsFollowParentLinks() {
        let parents: [Int32: Int32] = [1: 0, 10: 1, 11: 10, 12: 11, 13: 10, 20: 1, 21: 20]
        #expect(ProcFiles.descendants(of: 10, parents: parents) == [10, 11, 12, 13])
        #expect(ProcFiles.descendants(of: 21, parents: parents) == [21])
        #expect(ProcFiles.descendants(of: 99, parents: parents) == [])
    }
}
