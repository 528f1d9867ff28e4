import Resources

/// One write a reconcile plan asks for; ``Applier`` carries it out. Reconcile functions return
/// these (or their own plan that turns into these), so tests read plans, never sockets.
public enum Action: Sendable, Hashable {
    /// Create (a `generateName` gets its suffix from the API server).
    case create(ResourceKind, namespace: String?, object: JSON)
    /// Replace the object (PUT), guarded by its resourceVersion.
    case update(ResourceKind, object: JSON)
    /// Replace the status through the status subresource, guarded by its resourceVersion.
    case updateStatus(ResourceKind, object: JSON)
    /// A merge patch (`application/merge-patch+json`), or a JSON patch when `json` is true.
    case patch(ResourceKind, namespace: String?, name: String, patch: JSON, json: Bool = false)
    /// Delete, with the uid as precondition when given (never deletes a same-named successor).
    case delete(ResourceKind, namespace: String?, name: String, uid: String?)
    /// An Event about an object.
    case event(EventRecorder.Event, about: JSON, kind: ResourceKind)

    public var isEvent: Bool { if case .event = self { true } else { false } }
}
