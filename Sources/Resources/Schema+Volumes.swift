/// `Volume` and every volume source, including the persistent-volume sources of
/// `PersistentVolumeSpec` (core/v1, k8s.io/api v1.32). Deprecated in-tree sources stay: the API
/// server still accepts them.
extension Schema {
    static let volume = Schema.object("Volume", [
        "name": .string,
        "hostPath": .hostPathVolumeSource,
        "emptyDir": .emptyDirVolumeSource,
        "gcePersistentDisk": .gcePersistentDiskVolumeSource,
        "awsElasticBlockStore": .awsElasticBlockStoreVolumeSource,
        "gitRepo": .gitRepoVolumeSource,
        "secret": .secretVolumeSource,
        "nfs": .nfsVolumeSource,
        "iscsi": .iscsiVolumeSource,
        "glusterfs": .glusterfsVolumeSource,
        "persistentVolumeClaim": .persistentVolumeClaimVolumeSource,
        "rbd": .rbdVolumeSource,
        "flexVolume": .flexVolumeSource,
        "cinder": .cinderVolumeSource,
        "cephfs": .cephFSVolumeSource,
        "flocker": .flockerVolumeSource,
        "downwardAPI": .downwardAPIVolumeSource,
        "fc": .fcVolumeSource,
        "azureFile": .azureFileVolumeSource,
        "configMap": .configMapVolumeSource,
        "vsphereVolume": .vsphereVirtualDiskVolumeSource,
        "quobyte": .quobyteVolumeSource,
        "azureDisk": .azureDiskVolumeSource,
        "photonPersistentDisk": .photonPersistentDiskVolumeSource,
        "projected": .projectedVolumeSource,
        "portworxVolume": .portworxVolumeSource,
        "scaleIO": .scaleIOVolumeSource,
        "storageos": .storageOSVolumeSource,
        "csi": .csiVolumeSource,
        "ephemeral": .ephemeralVolumeSource,
        "image": .imageVolumeSource,
    ])

    static let gcePersistentDiskVolumeSource = Schema.object("GCEPersistentDiskVolumeSource", [
        "pdName": .string,
        "fsType": .string,
        "partition": .int32,
        "readOnly": .bool,
    ])

    static let awsElasticBlockStoreVolumeSource = Schema.object("AWSElasticBlockStoreVolumeSource", [
        "volumeID": .string,
        "fsType": .string,
        "partition": .int32,
        "readOnly": .bool,
    ])

    static let hostPathVolumeSource = Schema.object("HostPathVolumeSource", [
        "path": .string,
        "type": .string("HostPathType"),
    ])

    static let glusterfsPersistentVolumeSource = Schema.object("GlusterfsPersistentVolumeSource", [
        "endpoints": .string,
        "path": .string,
        "readOnly": .bool,
        "endpointsNamespace": .string,
    ])

    static let nfsVolumeSource = Schema.object("NFSVolumeSource", [
        "server": .string,
        "path": .string,
        "readOnly": .bool,
    ])

    static let rbdPersistentVolumeSource = Schema.object("RBDPersistentVolumeSource", [
        "monitors": .array(.string),
        "image": .string,
        "fsType": .string,
        "pool": .string,
        "user": .string,
        "keyring": .string,
        "secretRef": .secretReference,
        "readOnly": .bool,
    ])

    static let iscsiPersistentVolumeSource = Schema.object("ISCSIPersistentVolumeSource", [
        "targetPortal": .string,
        "iqn": .string,
        "lun": .int32,
        "iscsiInterface": .string,
        "fsType": .string,
        "readOnly": .bool,
        "portals": .array(.string),
        "chapAuthDiscovery": .bool,
        "chapAuthSession": .bool,
        "secretRef": .secretReference,
        "initiatorName": .string,
    ])

    static let cinderPersistentVolumeSource = Schema.object("CinderPersistentVolumeSource", [
        "volumeID": .string,
        "fsType": .string,
        "readOnly": .bool,
        "secretRef": .secretReference,
    ])

    static let cephFSPersistentVolumeSource = Schema.object("CephFSPersistentVolumeSource", [
        "monitors": .array(.string),
        "path": .string,
        "user": .string,
        "secretFile": .string,
        "secretRef": .secretReference,
        "readOnly": .bool,
    ])

    static let fcVolumeSource = Schema.object("FCVolumeSource", [
        "targetWWNs": .array(.string),
        "lun": .int32,
        "fsType": .string,
        "readOnly": .bool,
        "wwids": .array(.string),
    ])

    static let flockerVolumeSource = Schema.object("FlockerVolumeSource", [
        "datasetName": .string,
        "datasetUUID": .string,
    ])

    static let flexPersistentVolumeSource = Schema.object("FlexPersistentVolumeSource", [
        "driver": .string,
        "fsType": .string,
        "secretRef": .secretReference,
        "readOnly": .bool,
        "options": .map(.string),
    ])

    static let azureFilePersistentVolumeSource = Schema.object("AzureFilePersistentVolumeSource", [
        "secretName": .string,
        "shareName": .string,
        "readOnly": .bool,
        "secretNamespace": .string,
    ])

    static let vsphereVirtualDiskVolumeSource = Schema.object("VsphereVirtualDiskVolumeSource", [
        "volumePath": .string,
        "fsType": .string,
        "storagePolicyName": .string,
        "storagePolicyID": .string,
    ])

    static let quobyteVolumeSource = Schema.object("QuobyteVolumeSource", [
        "registry": .string,
        "volume": .string,
        "readOnly": .bool,
        "user": .string,
        "group": .string,
        "tenant": .string,
    ])

    static let azureDiskVolumeSource = Schema.object("AzureDiskVolumeSource", [
        "diskName": .string,
        "diskURI": .string,
        "cachingMode": .string("AzureDataDiskCachingMode"),
        "fsType": .string,
        "readOnly": .bool,
        "kind": .string("AzureDataDiskKind"),
    ])

    static let photonPersistentDiskVolumeSource = Schema.object("PhotonPersistentDiskVolumeSource", [
        "pdID": .string,
        "fsType": .string,
    ])

    static let portworxVolumeSource = Schema.object("PortworxVolumeSource", [
        "volumeID": .string,
        "fsType": .string,
        "readOnly": .bool,
    ])

    static let scaleIOPersistentVolumeSource = Schema.object("ScaleIOPersistentVolumeSource", [
        "gateway": .string,
        "system": .string,
        "secretRef": .secretReference,
        "sslEnabled": .bool,
        "protectionDomain": .string,
        "storagePool": .string,
        "storageMode": .string,
        "volumeName": .string,
        "fsType": .string,
        "readOnly": .bool,
    ])

    static let localVolumeSource = Schema.object("LocalVolumeSource", [
        "path": .string,
        "fsType": .string,
    ])

    static let storageOSPersistentVolumeSource = Schema.object("StorageOSPersistentVolumeSource", [
        "volumeName": .string,
        "volumeNamespace": .string,
        "fsType": .string,
        "readOnly": .bool,
        "secretRef": .objectReference,
    ])

    static let csiPersistentVolumeSource = Schema.object("CSIPersistentVolumeSource", [
        "driver": .string,
        "volumeHandle": .string,
        "readOnly": .bool,
        "fsType": .string,
        "volumeAttributes": .map(.string),
        "controllerPublishSecretRef": .secretReference,
        "nodeStageSecretRef": .secretReference,
        "nodePublishSecretRef": .secretReference,
        "controllerExpandSecretRef": .secretReference,
        "nodeExpandSecretRef": .secretReference,
    ])

    static let emptyDirVolumeSource = Schema.object("EmptyDirVolumeSource", [
        "medium": .string("StorageMedium"),
        "sizeLimit": .quantity,
    ])

    static let gitRepoVolumeSource = Schema.object("GitRepoVolumeSource", [
        "repository": .string,
        "revision": .string,
        "directory": .string,
    ])

    static let secretVolumeSource = Schema.object("SecretVolumeSource", [
        "secretName": .string,
        "items": .array(.keyToPath),
        "defaultMode": .int32,
        "optional": .bool,
    ])

    static let iscsiVolumeSource = Schema.object("ISCSIVolumeSource", [
        "targetPortal": .string,
        "iqn": .string,
        "lun": .int32,
        "iscsiInterface": .string,
        "fsType": .string,
        "readOnly": .bool,
        "portals": .array(.string),
        "chapAuthDiscovery": .bool,
        "chapAuthSession": .bool,
        "secretRef": .localObjectReference,
        "initiatorName": .string,
    ])

    static let glusterfsVolumeSource = Schema.object("GlusterfsVolumeSource", [
        "endpoints": .string,
        "path": .string,
        "readOnly": .bool,
    ])

    static let persistentVolumeClaimVolumeSource = Schema.object("PersistentVolumeClaimVolumeSource", [
        "claimName": .string,
        "readOnly": .bool,
    ])

    static let rbdVolumeSource = Schema.object("RBDVolumeSource", [
        "monitors": .array(.string),
        "image": .string,
        "fsType": .string,
        "pool": .string,
        "user": .string,
        "keyring": .string,
        "secretRef": .localObjectReference,
        "readOnly": .bool,
    ])

    static let flexVolumeSource = Schema.object("FlexVolumeSource", [
        "driver": .string,
        "fsType": .string,
        "secretRef": .localObjectReference,
        "readOnly": .bool,
        "options": .map(.string),
    ])

    static let cinderVolumeSource = Schema.object("CinderVolumeSource", [
        "volumeID": .string,
        "fsType": .string,
        "readOnly": .bool,
        "secretRef": .localObjectReference,
    ])

    static let cephFSVolumeSource = Schema.object("CephFSVolumeSource", [
        "monitors": .array(.string),
        "path": .string,
        "user": .string,
        "secretFile": .string,
        "secretRef": .localObjectReference,
        "readOnly": .bool,
    ])

    static let downwardAPIVolumeSource = Schema.object("DownwardAPIVolumeSource", [
        "items": .array(.downwardAPIVolumeFile),
        "defaultMode": .int32,
    ])

    static let azureFileVolumeSource = Schema.object("AzureFileVolumeSource", [
        "secretName": .string,
        "shareName": .string,
        "readOnly": .bool,
    ])

    static let configMapVolumeSource = Schema.object("ConfigMapVolumeSource", [
        "name": .string,
        "items": .array(.keyToPath),
        "defaultMode": .int32,
        "optional": .bool,
    ])

    static let projectedVolumeSource = Schema.object("ProjectedVolumeSource", [
        "sources": .array(.volumeProjection),
        "defaultMode": .int32,
    ])

    static let scaleIOVolumeSource = Schema.object("ScaleIOVolumeSource", [
        "gateway": .string,
        "system": .string,
        "secretRef": .localObjectReference,
        "sslEnabled": .bool,
        "protectionDomain": .string,
        "storagePool": .string,
        "storageMode": .string,
        "volumeName": .string,
        "fsType": .string,
        "readOnly": .bool,
    ])

    static let storageOSVolumeSource = Schema.object("StorageOSVolumeSource", [
        "volumeName": .string,
        "volumeNamespace": .string,
        "fsType": .string,
        "readOnly": .bool,
        "secretRef": .localObjectReference,
    ])

    static let csiVolumeSource = Schema.object("CSIVolumeSource", [
        "driver": .string,
        "readOnly": .bool,
        "fsType": .string,
        "volumeAttributes": .map(.string),
        "nodePublishSecretRef": .localObjectReference,
    ])

    static let ephemeralVolumeSource = Schema.object("EphemeralVolumeSource", [
        "volumeClaimTemplate": .persistentVolumeClaimTemplate,
    ])

    static let imageVolumeSource = Schema.object("ImageVolumeSource", [
        "reference": .string,
        "pullPolicy": .string("PullPolicy"),
    ])

    static let secretReference = Schema.object("SecretReference", [
        "name": .string,
        "namespace": .string,
    ])

    static let keyToPath = Schema.object("KeyToPath", [
        "key": .string,
        "path": .string,
        "mode": .int32,
    ])

    static let downwardAPIVolumeFile = Schema.object("DownwardAPIVolumeFile", [
        "path": .string,
        "fieldRef": .objectFieldSelector,
        "resourceFieldRef": .resourceFieldSelector,
        "mode": .int32,
    ])

    static let volumeProjection = Schema.object("VolumeProjection", [
        "secret": .secretProjection,
        "downwardAPI": .downwardAPIProjection,
        "configMap": .configMapProjection,
        "serviceAccountToken": .serviceAccountTokenProjection,
        "clusterTrustBundle": .clusterTrustBundleProjection,
    ])

    static let persistentVolumeClaimTemplate = Schema.object("PersistentVolumeClaimTemplate", [
        "metadata": .objectMeta,
        "spec": .persistentVolumeClaimSpec,
    ])

    static let secretProjection = Schema.object("SecretProjection", [
        "name": .string,
        "items": .array(.keyToPath),
        "optional": .bool,
    ])

    static let downwardAPIProjection = Schema.object("DownwardAPIProjection", [
        "items": .array(.downwardAPIVolumeFile),
    ])

    static let configMapProjection = Schema.object("ConfigMapProjection", [
        "name": .string,
        "items": .array(.keyToPath),
        "optional": .bool,
    ])

    static let serviceAccountTokenProjection = Schema.object("ServiceAccountTokenProjection", [
        "audience": .string,
        "expirationSeconds": .int64,
        "path": .string,
    ])

    static let clusterTrustBundleProjection = Schema.object("ClusterTrustBundleProjection", [
        "name": .string,
        "signerName": .string,
        "labelSelector": .labelSelector,
        "optional": .bool,
        "path": .string,
    ])
}
