import Testing
@testable import Compose

@Suite struct RestartPolicyTests {
    @Test func backoffDoublesToThirtySecondsAndResetsAfterAMinuteUp() {
        var backoff = RestartBackoff()
        let quick = Duration.seconds(2)
        let delays = (0..<7).map { _ in backoff.delay(afterRunningFor: quick) }
        #expect(delays == [1, 2, 4, 8, 16, 30, 30].map { Duration.seconds($0) })
        #expect(backoff.delay(afterRunningFor: .seconds(59)) == .seconds(30))
        #expect(backoff.delay(afterRunningFor: .seconds(60)) == .seconds(1))
        #expect(backoff.delay(afterRunningFor: .zero) == .seconds(2))
    }

    @Test func policies() {
        #expect(!RestartPolicy.no.restarts(after: .signalled(9)))
        #expect(RestartPolicy.onFailure.restarts(after: .signalled(9)))
        #expect(RestartPolicy.onFailure.restarts(after: .exited(1)))
        #expect(RestartPolicy.onFailure.restarts(after: .failedToStart("no such file")))
        #expect(!RestartPolicy.onFailure.restarts(after: .exited(0)))
        #expect(RestartPolicy.always.restarts(after: .exited(0)))
    }

    @Test func health() {
        let t0 = ContinuousClock.now
        var health = HealthState(retries: 2, startPeriod: .seconds(5), startedAt: t0)
        var changed = health.probed(ok: false, at: t0 + .seconds(1))  // in the start period: not counted
        #expect(!changed)
        #expect(health.consecutiveFailures == 0)
        changed = health.probed(ok: false, at: t0 + .seconds(6))
        #expect(!changed)
        changed = health.probed(ok: false, at: t0 + .seconds(7))
        #expect(changed)
        #expect(health.status == .unhealthy)
        changed = health.probed(ok: true, at: t0 + .seconds(8))
        #expect(changed)
        #expect(health.status == .healthy)
        changed = health.probed(ok: false, at: t0 + .seconds(9))
        #expect(!changed)
        #expect(health.status == .healthy)
    }
}
