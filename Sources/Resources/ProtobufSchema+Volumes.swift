extension ProtobufSchema {
    /// `core/v1` Volume and the volume sources still in common use (the deprecated in-tree cloud and network-disk plugins are left out and skipped as unknown).
    static let volumes: [String: ProtobufMessage] = [
        "Volume": [
            1: .one("name", .string, keepsZero: true),
            2: .inline("VolumeSource"),
        ],
        "VolumeSource": [
            1: .one("hostPath", .message("HostPathVolumeSource")),
            2: .one("emptyDir", .message("EmptyDirVolumeSource")),
            6: .one("secret", .message("SecretVolumeSource")),
            7: .one("nfs", .message("NFSVolumeSource")),
            10: .one("persistentVolumeClaim", .message("PersistentVolumeClaimVolumeSource")),
            16: .one("downwardAPI", .message("DownwardAPIVolumeSource")),
            19: .one("configMap", .message("ConfigMapVolumeSource")),
            26: .one("projected", .message("ProjectedVolumeSource")),
            28: .one("csi", .message("CSIVolumeSource")),
            29: .one("ephemeral", .message("EphemeralVolumeSource")),
            30: .one("image", .message("ImageVolumeSource")),
        ],
        "HostPathVolumeSource": [
            1: .one("path", .string, keepsZero: true),
            2: .one("type", .string, keepsZero: true),
        ],
        "EmptyDirVolumeSource": [
            1: .one("medium", .string),
            2: .one("sizeLimit", .quantity),
        ],
        "SecretVolumeSource": [
            1: .one("secretName", .string),
            2: .many("items", .message("KeyToPath")),
            3: .one("defaultMode", .int32, keepsZero: true),
            4: .one("optional", .bool, keepsZero: true),
        ],
        "NFSVolumeSource": [
            1: .one("server", .string, keepsZero: true),
            2: .one("path", .string, keepsZero: true),
            3: .one("readOnly", .bool),
        ],
        "PersistentVolumeClaimVolumeSource": [
            1: .one("claimName", .string, keepsZero: true),
            2: .one("readOnly", .bool),
        ],
        "DownwardAPIVolumeSource": [
            1: .many("items", .message("DownwardAPIVolumeFile")),
            2: .one("defaultMode", .int32, keepsZero: true),
        ],
        "ConfigMapVolumeSource": [
            1: .inline("LocalObjectReference"),
            2: .many("items", .message("KeyToPath")),
            3: .one("defaultMode", .int32, keepsZero: true),
            4: .one("optional", .bool, keepsZero: true),
        ],
        "ProjectedVolumeSource": [
            1: .many("sources", .message("VolumeProjection")),
            2: .one("defaultMode", .int32, keepsZero: true),
        ],
        "CSIVolumeSource": [
            1: .one("driver", .string, keepsZero: true),
            2: .one("readOnly", .bool, keepsZero: true),
            3: .one("fsType", .string, keepsZero: true),
            4: .one("volumeAttributes", .map(.string)),
            5: .one("nodePublishSecretRef", .message("LocalObjectReference")),
        ],
        "EphemeralVolumeSource": [
            1: .one("volumeClaimTemplate", .message("PersistentVolumeClaimTemplate")),
        ],
        "ImageVolumeSource": [
            1: .one("reference", .string),
            2: .one("pullPolicy", .string),
        ],
        "KeyToPath": [
            1: .one("key", .string, keepsZero: true),
            2: .one("path", .string, keepsZero: true),
            3: .one("mode", .int32, keepsZero: true),
        ],
        "DownwardAPIVolumeFile": [
            1: .one("path", .string, keepsZero: true),
            2: .one("fieldRef", .message("ObjectFieldSelector")),
            3: .one("resourceFieldRef", .message("ResourceFieldSelector")),
            4: .one("mode", .int32, keepsZero: true),
        ],
        "VolumeProjection": [
            1: .one("secret", .message("SecretProjection")),
            2: .one("downwardAPI", .message("DownwardAPIProjection")),
            3: .one("configMap", .message("ConfigMapProjection")),
            4: .one("serviceAccountToken", .message("ServiceAccountTokenProjection")),
            5: .one("clusterTrustBundle", .message("ClusterTrustBundleProjection")),
        ],
        "SecretProjection": [
            1: .inline("LocalObjectReference"),
            2: .many("items", .message("KeyToPath")),
            4: .one("optional", .bool, keepsZero: true),
        ],
        "DownwardAPIProjection": [
            1: .many("items", .message("DownwardAPIVolumeFile")),
        ],
        "ConfigMapProjection": [
            1: .inline("LocalObjectReference"),
            2: .many("items", .message("KeyToPath")),
            4: .one("optional", .bool, keepsZero: true),
        ],
        "ServiceAccountTokenProjection": [
            1: .one("audience", .string),
            2: .one("expirationSeconds", .int64, keepsZero: true),
            3: .one("path", .string, keepsZero: true),
        ],
        "ClusterTrustBundleProjection": [
            1: .one("name", .string, keepsZero: true),
            2: .one("signerName", .string, keepsZero: true),
            3: .one("labelSelector", .message("LabelSelector")),
            4: .one("path", .string, keepsZero: true),
            5: .one("optional", .bool, keepsZero: true),
        ],
        "PersistentVolumeClaimTemplate": [
            1: .one("metadata", .message("ObjectMeta")),
            2: .one("spec", .message("PersistentVolumeClaimSpec")),
        ],
        "PersistentVolumeClaimSpec": [
            1: .many("accessModes", .string),
            2: .one("resources", .message("VolumeResourceRequirements")),
            3: .one("volumeName", .string),
            4: .one("selector", .message("LabelSelector")),
            5: .one("storageClassName", .string, keepsZero: true),
            6: .one("volumeMode", .string, keepsZero: true),
            7: .one("dataSource", .message("TypedLocalObjectReference")),
            8: .one("dataSourceRef", .message("TypedObjectReference")),
            9: .one("volumeAttributesClassName", .string, keepsZero: true),
        ],
        "VolumeResourceRequirements": [
            1: .one("limits", .map(.quantity)),
            2: .one("requests", .map(.quantity)),
        ],
    ]
}
