import CAdvisor
import Testing

@Suite struct CgroupFilesTests {
    static let v2MemoryStat = """
        anon 1048576
        file 8388608
        kernel 4096
        active_file 2097152
        inactive_file 6291456
        slab 0

        """

    @Test func v2() {
        let cpuStat = "usage_usec 1234567\nuser_usec 1000000\nsystem_usec 234567\nnr_periods 0\n"
        #expect(CgroupFiles.cpuNanoseconds(cpuStat: cpuStat) == 1_234_567_000)
        #expect(CgroupFiles.cpuNanoseconds(cpuStat: "user_usec 1\n") == nil)
        #expect(CgroupFiles.workingSetBytes(memoryCurrent: "10485760\n", memoryStat: Self.v2MemoryStat) == 10485760 - 6291456)
        // inactive_file above usage (the counters are read apart): zero, never a wrap-around.
        #expect(CgroupFiles.workingSetBytes(memoryCurrent: "4096\n", memoryStat: Self.v2MemoryStat) == 0)
        #expect(CgroupFiles.workingSetBytes(memoryCurrent: "max\n", memoryStat: "") == nil)
        let ioStat = "259:0 rbytes=4096 wbytes=8192 rios=1 wios=2 dbytes=0 dios=0\n8:0 rbytes=100 wbytes=0 rios=1 wios=0 dbytes=0 dios=0\n"
        #expect(CgroupFiles.io(ioStat: ioStat) == IOBytes(read: 4196, written: 8192))
        #expect(CgroupFiles.io(ioStat: "") == IOBytes(read: 0, written: 0))
    }

    @Test func v1() {
        #expect(CgroupFiles.cpuNanoseconds(cpuacctUsage: "987654321\n") == 987_654_321)
        let memoryStat = "cache 8388608\nrss 1048576\ninactive_file 100\ntotal_cache 8388608\ntotal_rss 1048576\ntotal_inactive_file 4194304\n"
        #expect(CgroupFiles.workingSetBytes(usageInBytes: "9437184\n", memoryStat: memoryStat) == 9437184 - 4194304)
        let blkio = "8:0 Read 4096\n8:0 Write 12288\n8:0 Sync 16384\n8:0 Async 0\n8:0 Discard 0\n8:0 Total 16384\n8:16 Read 1\n8:16 Write 2\nTotal 16387\n"
        #expect(CgroupFiles.io(blkioServiceBytes: blkio) == IOBytes(read: 4097, written: 12290))
    }

    @Test func v1SiblingHierarchies() {
        #expect(CgroupFiles.v1Sibling(of: "/sys/fs/cgroup/memory/skiff/s1/c1", root: "/sys/fs/cgroup", hierarchy: "cpuacct")
                == "/sys/fs/cgroup/cpuacct/skiff/s1/c1")
        #expect(CgroupFiles.v1Sibling(of: "/sys/fs/cgroup/memory/skiff/s1/c1", root: "/sys/fs/cgroup/", hierarchy: "cpu,cpuacct")
                == "/sys/fs/cgroup/cpu,cpuacct/skiff/s1/c1")
        #expect(CgroupFiles.v1Sibling(of: "/elsewhere/memory/x", root: "/sys/fs/cgroup", hierarchy: "blkio") == nil)
    }
}
