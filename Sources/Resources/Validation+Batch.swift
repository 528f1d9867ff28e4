/// Jobs and CronJobs (`pkg/apis/batch/validation`).
extension Validation {
    /// A Job. Without `manualSelector: true` the API server generates `spec.selector` (and the
    /// matching template labels) from the Job's uid before validating, so a missing selector
    /// is only an error for a manual one.
    static func job(_ job: JSON) -> [FieldError] {
        let spec = job["spec"]
        var errors: [FieldError] = []
        let selector = spec["selector"].flatMap { $0.isNull ? nil : $0 }
        if let selector {
            errors += labelSelector(selector, "spec.selector")
            errors += templateMatches(selector, spec["template"], "spec.template")
        } else if spec["manualSelector"]?.bool == true {
            errors.append(.required("spec.selector"))
        }
        return errors + jobSpec(spec, "spec")
    }

    static func jobSpec(_ spec: JSON?, _ path: String) -> [FieldError] {
        var errors: [FieldError] = []
        for field in ["parallelism", "completions", "activeDeadlineSeconds", "backoffLimit", "ttlSecondsAfterFinished"] {
            errors += nonNegative(spec?[field], "\(path).\(field)")
        }
        let mode = spec?["completionMode"]?.string ?? ""
        if !mode.isEmpty, mode != "NonIndexed", mode != "Indexed" {
            errors.append(.notSupported(path + ".completionMode", .string(mode), supported: ["NonIndexed", "Indexed"]))
        }
        if mode == "Indexed", spec?["completions"]?.int == nil {
            errors.append(.required(path + ".completions", "when completion mode is Indexed"))
        }
        let template = spec?["template"]
        errors += podTemplate(template, path + ".template")
        let policy = template?["spec"]["restartPolicy"]?.string ?? ""
        if policy != "OnFailure" && policy != "Never" {
            errors.append(.notSupported(path + ".template.spec.restartPolicy", .string(policy), supported: ["OnFailure", "Never"]))
        }
        return errors
    }

    static func cronJob(_ cj: JSON) -> [FieldError] {
        var errors: [FieldError] = []
        if let name = cj["metadata"]["name"]?.string, name.utf8.count > 52 {
            errors.append(.invalid("metadata.name", .string(name), "must be no more than 52 characters"))
        }
        let spec = cj["spec"]
        let schedule = spec["schedule"]?.string ?? ""
        if schedule.isEmpty {
            errors.append(.required("spec.schedule"))
        } else if schedule.hasPrefix("TZ=") || schedule.hasPrefix("CRON_TZ=") {
            errors.append(.invalid("spec.schedule", .string(schedule), "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"))
        } else if case .failure(let error) = CronSchedule.parse(schedule) {
            errors.append(.invalid("spec.schedule", .string(schedule), error.message))
        }
        errors += oneOf(spec["concurrencyPolicy"], "spec.concurrencyPolicy", ["Allow", "Forbid", "Replace"])
        for field in ["startingDeadlineSeconds", "successfulJobsHistoryLimit", "failedJobsHistoryLimit"] {
            errors += nonNegative(spec[field], "spec.\(field)")
        }
        let jobSpecPath = "spec.jobTemplate.spec"
        errors += labels(spec["jobTemplate"]["metadata"]["labels"], "spec.jobTemplate.metadata.labels")
        errors += jobSpec(spec["jobTemplate"]["spec"], jobSpecPath)
        return errors
    }
}
