/// Request bodies that the real kubectl 1.32.5 sent, captured by a logging HTTP server on
/// loopback (`Content-Type: application/vnd.kubernetes.protobuf`), each with what
/// `kubectl … --dry-run=client -o json` printed for the same command where kubectl has one.
/// The CronJobs and the Pod that `create job --from` and `debug` copy were served to kubectl as
/// JSON by the capture server (`nightly`, `rich`, `rich-pod`; see ``KubernetesProtobufRichTests``).
enum KubectlCaptures {
    /// `kubectl create deployment web --image=nginx:1.27 --replicas=2 --port=80`
    static let deployment = KubectlCapture(
        name: "deployment",
        body: """
            azhzAAoVCgdhcHBzL3YxEgpEZXBsb3ltZW50Er0BCh8KA3dlYhIAGgAiACoAMgA4AEIAWgoKA2FwcBIDd2ViEosBCAISDAoKCgNh
            cHASA3dlYhpxChwKABIAGgAiACoAMgA4AEIAWgoKA2FwcBIDd2ViElESMwoFbmdpbngSCm5naW54OjEuMjcqADIKCgAQABhQIgAq
            AEIAagByAIABAIgBAJABAKIBABoAMgBCAEoAUgBYAGAAaACCAQCKAQCaAQDCAQAiAgoAKAA4ABoMCAAQABgAIAAoADgAGgAiAA==
            """,
        dryRun: #"""
            {"kind":"Deployment","apiVersion":"apps/v1","metadata":{"name":"web","creationTimestamp":null,"labels":{"app":
            "web"}},"spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"creationTimesta
            mp":null,"labels":{"app":"web"}},"spec":{"containers":[{"name":"nginx","image":"nginx:1.27","ports":[{"contain
            erPort":80}],"resources":{}}]}},"strategy":{}},"status":{}}
            """#
    )
    /// `kubectl create deployment multi --image=nginx:1.27 --image=redis:7`
    static let deploymentMulti = KubectlCapture(
        name: "deployment-multi",
        body: """
            azhzAAoVCgdhcHBzL3YxEgpEZXBsb3ltZW50EuABCiMKBW11bHRpEgAaACIAKgAyADgAQgBaDAoDYXBwEgVtdWx0aRKqAQgBEg4K
            DAoDYXBwEgVtdWx0aRqNAQoeCgASABoAIgAqADIAOABCAFoMCgNhcHASBW11bHRpEmsSJwoFbmdpbngSCm5naW54OjEuMjcqAEIA
            agByAIABAIgBAJABAKIBABIkCgVyZWRpcxIHcmVkaXM6NyoAQgBqAHIAgAEAiAEAkAEAogEAGgAyAEIASgBSAFgAYABoAIIBAIoB
            AJoBAMIBACICCgAoADgAGgwIABAAGAAgACgAOAAaACIA
            """,
        dryRun: #"""
            {"kind":"Deployment","apiVersion":"apps/v1","metadata":{"name":"multi","creationTimestamp":null,"labels":{"app
            ":"multi"}},"spec":{"replicas":1,"selector":{"matchLabels":{"app":"multi"}},"template":{"metadata":{"creationT
            imestamp":null,"labels":{"app":"multi"}},"spec":{"containers":[{"name":"nginx","image":"nginx:1.27","resources
            ":{}},{"name":"redis","image":"redis:7","resources":{}}]}},"strategy":{}},"status":{}}
            """#
    )
    /// `kubectl create configmap cfg --from-literal=a=b`
    static let configmap = KubectlCapture(
        name: "configmap",
        body: "azhzAAoPCgJ2MRIJQ29uZmlnTWFwEh0KEwoDY2ZnEgAaACIAKgAyADgAQgASBgoBYRIBYhoAIgA=",
        dryRun: #"""
            {"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"cfg","creationTimestamp":null},"data":{"a":"b"}}
            """#
    )
    /// `kubectl create configmap files --from-file=app.conf --from-file=bin.dat --from-literal=mode=fast`
    static let configmapFiles = KubectlCapture(
        name: "configmap-files",
        body: """
            azhzAAoPCgJ2MRIJQ29uZmlnTWFwEvICChUKBWZpbGVzEgAaACIAKgAyADgAQgASEAoIYXBwLmNvbmYSBHg9MQoSDAoEbW9kZRIE
            ZmFzdBq4AgoHYmluLmRhdBKsAr04tp2+WKQgBnUVxBF12f4L8YwKR56oaTP3rLisS5w4tgWzlNaBqUXeKLW17RN9vRZId7yi84KY
            Ehgbzuu/HRCGc0YHbVyd3ltp2y2SIKfCzPdBdFzYHri4tASiYy2eYN6Wjci2SPm/msI6DmGa/i+DQ1xWPVVrHoqau1KlNzaDHG2J
            s3Q7Ef9ZxfwkB1ACNZ00kCX3/9o1H9qKuMR6QHmgLsaqGOdxeyC6GzAbtTSE8LQIMFifYC6vNxmlUKczV5g6fK+KmQgLF82JTtVQ
            uyKzzmUt2QRKgvXdycSReFYND1XRMjP7PvZ1JarcdzEaLpwpZQExwL/PYD04xdby+xtesUtvdxPfK3jYx+rYRuz0CXioUCBuYzHP
            toLDK7dO6vxGFHW6SLseB2I6yBoAIgA=
            """,
        dryRun: #"""
            {"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"files","creationTimestamp":null},"data":{"app.conf":
            "x=1\n","mode":"fast"},"binaryData":{"bin.dat":"vTi2nb5YpCAGdRXEEXXZ/gvxjApHnqhpM/esuKxLnDi2BbOU1oGpRd4otbXtE3
            29Fkh3vKLzgpgSGBvO678dEIZzRgdtXJ3eW2nbLZIgp8LM90F0XNgeuLi0BKJjLZ5g3paNyLZI+b+awjoOYZr+L4NDXFY9VWseipq7UqU3NoMc
            bYmzdDsR/1nF/CQHUAI1nTSQJff/2jUf2oq4xHpAeaAuxqoY53F7ILobMBu1NITwtAgwWJ9gLq83GaVQpzNXmDp8r4qZCAsXzYlO1VC7IrPOZS
            3ZBEqC9d3JxJF4Vg0PVdEyM/s+9nUlqtx3MRounCllATHAv89gPTjF1vL7G16xS293E98reNjH6thG7PQJeKhQIG5jMc+2gsMrt07q/EYUdbpI
            ux4HYjrI"}}
            """#
    )
    /// `kubectl -n team create configmap scoped --from-literal=k=v`
    static let configmapNamespaced = KubectlCapture(
        name: "configmap-namespaced",
        body: "azhzAAoPCgJ2MRIJQ29uZmlnTWFwEiQKGgoGc2NvcGVkEgAaBHRlYW0iACoAMgA4AEIAEgYKAWsSAXYaACIA",
        dryRun: #"""
            {"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"scoped","namespace":"team","creationTimestamp":null}
            ,"data":{"k":"v"}}
            """#
    )
    /// `kubectl create secret generic s --from-literal=k=v`
    static let secretGeneric = KubectlCapture(
        name: "secret-generic",
        body: "azhzAAoMCgJ2MRIGU2VjcmV0Eh0KEQoBcxIAGgAiACoAMgA4AEIAEgYKAWsSAXYaABoAIgA=",
        dryRun: #"""
            {"kind":"Secret","apiVersion":"v1","metadata":{"name":"s","creationTimestamp":null},"data":{"k":"dg=="}}
            """#
    )
    /// `kubectl create secret generic creds --from-file=bin.dat --from-literal=user=admin --type=Opaque`
    static let secretFiles = KubectlCapture(
        name: "secret-files",
        body: """
            azhzAAoMCgJ2MRIGU2VjcmV0EukCChUKBWNyZWRzEgAaACIAKgAyADgAQgASuAIKB2Jpbi5kYXQSrAK9OLadvlikIAZ1FcQRddn+
            C/GMCkeeqGkz96y4rEucOLYFs5TWgalF3ii1te0Tfb0WSHe8ovOCmBIYG87rvx0QhnNGB21cnd5badstkiCnwsz3QXRc2B64uLQE
            omMtnmDelo3Itkj5v5rCOg5hmv4vg0NcVj1Vax6KmrtSpTc2gxxtibN0OxH/WcX8JAdQAjWdNJAl9//aNR/airjEekB5oC7Gqhjn
            cXsguhswG7U0hPC0CDBYn2AurzcZpVCnM1eYOnyvipkICxfNiU7VULsis85lLdkESoL13cnEkXhWDQ9V0TIz+z72dSWq3HcxGi6c
            KWUBMcC/z2A9OMXW8vsbXrFLb3cT3yt42Mfq2Ebs9Al4qFAgbmMxz7aCwyu3Tur8RhR1uki7HgdiOsgSDQoEdXNlchIFYWRtaW4a
            Bk9wYXF1ZRoAIgA=
            """,
        dryRun: #"""
            {"kind":"Secret","apiVersion":"v1","metadata":{"name":"creds","creationTimestamp":null},"data":{"bin.dat":"vTi
            2nb5YpCAGdRXEEXXZ/gvxjApHnqhpM/esuKxLnDi2BbOU1oGpRd4otbXtE329Fkh3vKLzgpgSGBvO678dEIZzRgdtXJ3eW2nbLZIgp8LM90F0X
            NgeuLi0BKJjLZ5g3paNyLZI+b+awjoOYZr+L4NDXFY9VWseipq7UqU3NoMcbYmzdDsR/1nF/CQHUAI1nTSQJff/2jUf2oq4xHpAeaAuxqoY53F
            7ILobMBu1NITwtAgwWJ9gLq83GaVQpzNXmDp8r4qZCAsXzYlO1VC7IrPOZS3ZBEqC9d3JxJF4Vg0PVdEyM/s+9nUlqtx3MRounCllATHAv89gP
            TjF1vL7G16xS293E98reNjH6thG7PQJeKhQIG5jMc+2gsMrt07q/EYUdbpIux4HYjrI","user":"YWRtaW4="},"type":"Opaque"}
            """#
    )
    /// `kubectl create secret tls tls --cert=tls.crt --key=tls.key`
    static let secretTls = KubectlCapture(
        name: "secret-tls",
        body: """
            azhzAAoMCgJ2MRIGU2VjcmV0Ev4GChMKA3RscxIAGgAiACoAMgA4AEIAEtMECgd0bHMuY3J0EscELS0tLS1CRUdJTiBDRVJUSUZJ
            Q0FURS0tLS0tCk1JSUJnakNDQVNtZ0F3SUJBZ0lVTXJBNVZsWmYzYXBGd3E0MWthcndZYXlqWjRJd0NnWUlLb1pJemowRUF3SXcK
            RnpFVk1CTUdBMVVFQXd3TVpYaGhiWEJzWlM1MFpYTjBNQjRYRFRJMk1URXlOekUxTkRZeU5sb1hEVE0yTVRFeQpOREUxTkRZeU5s
            b3dGekVWTUJNR0ExVUVBd3dNWlhoaGJYQnNaUzUwWlhOME1Ga3dFd1lIS29aSXpqMENBUVlJCktvWkl6ajBEQVFjRFFnQUU0cjZr
            T2pHTVpQdm1YdHFnMU83YkIrSW1EMzRaWUpXdHE3R0pQcnREN3EwN2tBV2QKYlRzQ0wxMmYrbmx3aUJBSlZOTzF3TWJiZ2pzOHpN
            MXVra3dyczZOVE1GRXdIUVlEVlIwT0JCWUVGSm5Xb09uZwpyZHZRWVZMRTFYekdTYng2Sjg5Vk1COEdBMVVkSXdRWU1CYUFGSm5X
            b09uZ3JkdlFZVkxFMVh6R1NieDZKODlWCk1BOEdBMVVkRXdFQi93UUZNQU1CQWY4d0NnWUlLb1pJemowRUF3SURSd0F3UkFJZ1ZI
            KzhoTmJnRC91RzJZaHcKaWJYQ2hWTG5RWXR6TkViQnZFN2Z2M3NyNVE0Q0lDUjNOTVNlVWxYTjJ6VkhrNWVZbW5HQWh1Ry9tbHBV
            R0NmdgpYRFRVdDloVAotLS0tLUVORCBDRVJUSUZJQ0FURS0tLS0tChL9AQoHdGxzLmtleRLxAS0tLS0tQkVHSU4gUFJJVkFURSBL
            RVktLS0tLQpNSUdIQWdFQU1CTUdCeXFHU000OUFnRUdDQ3FHU000OUF3RUhCRzB3YXdJQkFRUWd1ZmRjRVFZSXVBbkV4Y1NWCmp3
            RlRzL3E2YWNYQzlkN0grUmd5elNNWk1YQ2hSQU5DQUFUaXZxUTZNWXhrKytaZTJxRFU3dHNINGlZUGZobGcKbGEycnNZayt1MFB1
            clR1UUJaMXRPd0l2WFovNmVYQ0lFQWxVMDdYQXh0dUNPenpNelc2U1RDdXoKLS0tLS1FTkQgUFJJVkFURSBLRVktLS0tLQoaEWt1
            YmVybmV0ZXMuaW8vdGxzGgAiAA==
            """,
        dryRun: #"""
            {"kind":"Secret","apiVersion":"v1","metadata":{"name":"tls","creationTimestamp":null},"data":{"tls.crt":"LS0tL
            S1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJnakNDQVNtZ0F3SUJBZ0lVTXJBNVZsWmYzYXBGd3E0MWthcndZYXlqWjRJd0NnWUlLb1pJemo
            wRUF3SXcKRnpFVk1CTUdBMVVFQXd3TVpYaGhiWEJzWlM1MFpYTjBNQjRYRFRJMk1URXlOekUxTkRZeU5sb1hEVE0yTVRFeQpOREUxTkRZeU5sb
            3dGekVWTUJNR0ExVUVBd3dNWlhoaGJYQnNaUzUwWlhOME1Ga3dFd1lIS29aSXpqMENBUVlJCktvWkl6ajBEQVFjRFFnQUU0cjZrT2pHTVpQdm1
            YdHFnMU83YkIrSW1EMzRaWUpXdHE3R0pQcnREN3EwN2tBV2QKYlRzQ0wxMmYrbmx3aUJBSlZOTzF3TWJiZ2pzOHpNMXVra3dyczZOVE1GRXdIU
            VlEVlIwT0JCWUVGSm5Xb09uZwpyZHZRWVZMRTFYekdTYng2Sjg5Vk1COEdBMVVkSXdRWU1CYUFGSm5Xb09uZ3JkdlFZVkxFMVh6R1NieDZKODl
            WCk1BOEdBMVVkRXdFQi93UUZNQU1CQWY4d0NnWUlLb1pJemowRUF3SURSd0F3UkFJZ1ZIKzhoTmJnRC91RzJZaHcKaWJYQ2hWTG5RWXR6TkViQ
            nZFN2Z2M3NyNVE0Q0lDUjNOTVNlVWxYTjJ6VkhrNWVZbW5HQWh1Ry9tbHBVR0NmdgpYRFRVdDloVAotLS0tLUVORCBDRVJUSUZJQ0FURS0tLS0
            tCg==","tls.key":"LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCk1JR0hBZ0VBTUJNR0J5cUdTTTQ5QWdFR0NDcUdTTTQ5QXdFSEJHMHdh
            d0lCQVFRZ3VmZGNFUVlJdUFuRXhjU1YKandGVHMvcTZhY1hDOWQ3SCtSZ3l6U01aTVhDaFJBTkNBQVRpdnFRNk1ZeGsrK1plMnFEVTd0c0g0aV
            lQZmhsZwpsYTJyc1lrK3UwUHVyVHVRQloxdE93SXZYWi82ZVhDSUVBbFUwN1hBeHR1Q096ek16VzZTVEN1egotLS0tLUVORCBQUklWQVRFIEtF
            WS0tLS0tCg=="},"type":"kubernetes.io/tls"}
            """#
    )
    /// `kubectl create secret docker-registry reg --docker-server=registry.example.test --docker-username=u --docker-password=p --docker-email=u@example.test`
    static let secretDockerRegistry = KubectlCapture(
        name: "secret-docker-registry",
        body: """
            azhzAAoMCgJ2MRIGU2VjcmV0ErYBChMKA3JlZxIAGgAiACoAMgA4AEIAEn8KES5kb2NrZXJjb25maWdqc29uEmp7ImF1dGhzIjp7
            InJlZ2lzdHJ5LmV4YW1wbGUudGVzdCI6eyJ1c2VybmFtZSI6InUiLCJwYXNzd29yZCI6InAiLCJlbWFpbCI6InVAZXhhbXBsZS50
            ZXN0IiwiYXV0aCI6ImRUcHcifX19Gh5rdWJlcm5ldGVzLmlvL2RvY2tlcmNvbmZpZ2pzb24aACIA
            """,
        dryRun: #"""
            {"kind":"Secret","apiVersion":"v1","metadata":{"name":"reg","creationTimestamp":null},"data":{".dockerconfigjs
            on":"eyJhdXRocyI6eyJyZWdpc3RyeS5leGFtcGxlLnRlc3QiOnsidXNlcm5hbWUiOiJ1IiwicGFzc3dvcmQiOiJwIiwiZW1haWwiOiJ1QGV4Y
            W1wbGUudGVzdCIsImF1dGgiOiJkVHB3In19fQ=="},"type":"kubernetes.io/dockerconfigjson"}
            """#
    )
    /// `kubectl create namespace team`
    static let namespace = KubectlCapture(
        name: "namespace",
        body: "azhzAAoPCgJ2MRIJTmFtZXNwYWNlEhwKFAoEdGVhbRIAGgAiACoAMgA4AEIAEgAaAgoAGgAiAA==",
        dryRun: #"""
            {"kind":"Namespace","apiVersion":"v1","metadata":{"name":"team","creationTimestamp":null},"spec":{},"status":{
            }}
            """#
    )
    /// `kubectl create service clusterip svc --tcp=80:8080`
    static let serviceClusterip = KubectlCapture(
        name: "service-clusterip",
        body: """
            azhzAAoNCgJ2MRIHU2VydmljZRJpCh8KA3N2YxIAGgAiACoAMgA4AEIAWgoKA2FwcBIDc3ZjEkIKGwoHODAtODA4MBIDVENQGFAi
            BwgAEJA/GgAoABIKCgNhcHASA3N2YxoAIglDbHVzdGVySVA6AEIAUgBaAGAAaAAaAgoAGgAiAA==
            """,
        dryRun: #"""
            {"kind":"Service","apiVersion":"v1","metadata":{"name":"svc","creationTimestamp":null,"labels":{"app":"svc"}},
            "spec":{"ports":[{"name":"80-8080","protocol":"TCP","port":80,"targetPort":8080}],"selector":{"app":"svc"},"ty
            pe":"ClusterIP"},"status":{"loadBalancer":{}}}
            """#
    )
    /// `kubectl create service nodeport np --tcp=80:8080 --node-port=30080`
    static let serviceNodeport = KubectlCapture(
        name: "service-nodeport",
        body: """
            azhzAAoNCgJ2MRIHU2VydmljZRJnCh0KAm5wEgAaACIAKgAyADgAQgBaCQoDYXBwEgJucBJCCh0KBzgwLTgwODASA1RDUBhQIgcI
            ABCQPxoAKIDrARIJCgNhcHASAm5wGgAiCE5vZGVQb3J0OgBCAFIAWgBgAGgAGgIKABoAIgA=
            """,
        dryRun: #"""
            {"kind":"Service","apiVersion":"v1","metadata":{"name":"np","creationTimestamp":null,"labels":{"app":"np"}},"s
            pec":{"ports":[{"name":"80-8080","protocol":"TCP","port":80,"targetPort":8080,"nodePort":30080}],"selector":{"
            app":"np"},"type":"NodePort"},"status":{"loadBalancer":{}}}
            """#
    )
    /// `kubectl create service loadbalancer lb --tcp=443:8443`
    static let serviceLoadbalancer = KubectlCapture(
        name: "service-loadbalancer",
        body: """
            azhzAAoNCgJ2MRIHU2VydmljZRJrCh0KAmxiEgAaACIAKgAyADgAQgBaCQoDYXBwEgJsYhJGCh0KCDQ0My04NDQzEgNUQ1AYuwMi
            BwgAEPtBGgAoABIJCgNhcHASAmxiGgAiDExvYWRCYWxhbmNlcjoAQgBSAFoAYABoABoCCgAaACIA
            """,
        dryRun: #"""
            {"kind":"Service","apiVersion":"v1","metadata":{"name":"lb","creationTimestamp":null,"labels":{"app":"lb"}},"s
            pec":{"ports":[{"name":"443-8443","protocol":"TCP","port":443,"targetPort":8443}],"selector":{"app":"lb"},"typ
            e":"LoadBalancer"},"status":{"loadBalancer":{}}}
            """#
    )
    /// `kubectl create service externalname ext --external-name=example.test`
    static let serviceExternalname = KubectlCapture(
        name: "service-externalname",
        body: """
            azhzAAoNCgJ2MRIHU2VydmljZRJbCh8KA2V4dBIAGgAiACoAMgA4AEIAWgoKA2FwcBIDZXh0EjQSCgoDYXBwEgNleHQaACIMRXh0
            ZXJuYWxOYW1lOgBCAFIMZXhhbXBsZS50ZXN0WgBgAGgAGgIKABoAIgA=
            """,
        dryRun: #"""
            {"kind":"Service","apiVersion":"v1","metadata":{"name":"ext","creationTimestamp":null,"labels":{"app":"ext"}},
            "spec":{"selector":{"app":"ext"},"type":"ExternalName","externalName":"example.test"},"status":{"loadBalancer"
            :{}}}
            """#
    )
    /// `kubectl create job once --image=busybox -- echo hi`
    static let job = KubectlCapture(
        name: "job",
        body: """
            azhzAAoPCghiYXRjaC92MRIDSm9iEogBChQKBG9uY2USABoAIgAqADIAOABCABJmMmQKEAoAEgAaACIAKgAyADgAQgASUBItCgRv
            bmNlEgdidXN5Ym94GgRlY2hvGgJoaSoAQgBqAHIAgAEAiAEAkAEAogEAGgVOZXZlcjIAQgBKAFIAWABgAGgAggEAigEAmgEAwgEA
            GgggACgAMAA6ABoAIgA=
            """,
        dryRun: #"""
            {"kind":"Job","apiVersion":"batch/v1","metadata":{"name":"once","creationTimestamp":null},"spec":{"template":{
            "metadata":{"creationTimestamp":null},"spec":{"containers":[{"name":"once","image":"busybox","command":["echo"
            ,"hi"],"resources":{}}],"restartPolicy":"Never"}}},"status":{}}
            """#
    )
    /// `kubectl create cronjob nightly --image=busybox --schedule='0 2 * * *' -- echo hi`
    static let cronjob = KubectlCapture(
        name: "cronjob",
        body: """
            azhzAAoTCghiYXRjaC92MRIHQ3JvbkpvYhK2AQoXCgduaWdodGx5EgAaACIAKgAyADgAQgASmAEKCTAgMiAqICogKhoAKogBChcK
            B25pZ2h0bHkSABoAIgAqADIAOABCABJtMmsKEAoAEgAaACIAKgAyADgAQgASVxIwCgduaWdodGx5EgdidXN5Ym94GgRlY2hvGgJo
            aSoAQgBqAHIAgAEAiAEAkAEAogEAGglPbkZhaWx1cmUyAEIASgBSAFgAYABoAIIBAIoBAJoBAMIBABoAGgAiAA==
            """,
        dryRun: #"""
            {"kind":"CronJob","apiVersion":"batch/v1","metadata":{"name":"nightly","creationTimestamp":null},"spec":{"sche
            dule":"0 2 * * *","jobTemplate":{"metadata":{"name":"nightly","creationTimestamp":null},"spec":{"template":{"m
            etadata":{"creationTimestamp":null},"spec":{"containers":[{"name":"nightly","image":"busybox","command":["echo
            ","hi"],"resources":{}}],"restartPolicy":"OnFailure"}}}}},"status":{}}
            """#
    )
    /// `kubectl create job manual-1 --from=cronjob/nightly`
    static let jobFromCronjob = KubectlCapture(
        name: "job-from-cronjob",
        body: """
            azhzAAoPCghiYXRjaC92MRIDSm9iEt8CCpkBCghtYW51YWwtMRIAGgAiACoAMgA4AEIAWgwKBHRlYW0SBGRhdGFiKwohY3Jvbmpv
            Yi5rdWJlcm5ldGVzLmlvL2luc3RhbnRpYXRlEgZtYW51YWxqRAoHQ3JvbkpvYhoHbmlnaHRseSIkNmYxYzJkM2UtMDAwMC00MDAw
            LTgwMDAtMDAwMDAwMDAwMDAxKghiYXRjaC92MTABErYBMrEBCh4KABIAGgAiACoAMgA4AEIAWgwKBHRlYW0SBGRhdGESjgESZQoH
            bmlnaHRseRIHYnVzeWJveBoEZWNobxoCaGkqADoMCgRNT0RFEgRmdWxsQiEKDQoDY3B1EgYKBDUwMG0KEAoGbWVtb3J5EgYKBDY0
            TWlqAHIGQWx3YXlzgAEAiAEAkAEAogEAGglPbkZhaWx1cmUgHjIAQgBKAFIAWABgAGgAggEAigEAmgEAwgEAOAIaCCAAKAAwADoA
            GgAiAA==
            """,
        dryRun: #"""
            {"kind":"Job","apiVersion":"batch/v1","metadata":{"name":"manual-1","creationTimestamp":null,"labels":{"team":
            "data"},"annotations":{"cronjob.kubernetes.io/instantiate":"manual"},"ownerReferences":[{"apiVersion":"batch/v
            1","kind":"CronJob","name":"nightly","uid":"6f1c2d3e-0000-4000-8000-000000000001","controller":true}]},"spec":
            {"backoffLimit":2,"template":{"metadata":{"creationTimestamp":null,"labels":{"team":"data"}},"spec":{"containe
            rs":[{"name":"nightly","image":"busybox","command":["echo","hi"],"env":[{"name":"MODE","value":"full"}],"resou
            rces":{"limits":{"cpu":"500m","memory":"64Mi"}},"imagePullPolicy":"Always"}],"restartPolicy":"OnFailure","term
            inationGracePeriodSeconds":30}}},"status":{}}
            """#
    )
    /// `kubectl create job rich-1 --from=cronjob/rich`
    static let jobFromRichCronjob = KubectlCapture(
        name: "job-from-rich-cronjob",
        body: """
            azhzAAoPCghiYXRjaC92MRIDSm9iEuQRCp4BCgZyaWNoLTESABoAIgAqADIAOABCAFoLCgNhcHASBHJpY2hiKwohY3JvbmpvYi5r
            dWJlcm5ldGVzLmlvL2luc3RhbnRpYXRlEgZtYW51YWxiCQoEbm90ZRIBeGpBCgdDcm9uSm9iGgRyaWNoIiQ2ZjFjMmQzZS0wMDAw
            LTQwMDAtODAwMC0wMDAwMDAwMDAwMDMqCGJhdGNoL3YxMAESthAIAhAEGIQHKAAyww8KJQoAEgAaACIAKgAyADgAQgBaCwoDYXBw
            EgRyaWNoYgYKAWESAWISmQ8KNgoDY2ZnEi+aASwKDAoKYXBwLWNvbmZpZxIXCghhcHAuY29uZhIIYXBwLmNvbmYYpAMYkAIgAAoT
            CgNzZWMSDDIKCgVjcmVkcxiAAgodCgdzY3JhdGNoEhISEAoGTWVtb3J5EgYKBDY0TWkKHwoEaG9zdBIXChUKCC92YXIvbG9nEglE
            aXJlY3RvcnkKFgoEZGF0YRIOUgwKCGRhdGEtcHZjEAEKZAoEcHJvahJc0gFZChMiEQoFdmF1bHQQkBwaBXRva2VuCiMSIQofCgZs
            YWJlbHMSFQoCdjESD21ldGFkYXRhLmxhYmVscwoaGhgKBAoCY2ESEAoGY2EuY3J0EgZjYS5jcnQQoAIKLgoHcG9kaW5mbxIjggEg
            Ch4KA2NwdRoXCgNhcHASCmxpbWl0cy5jcHUaBAoCMW0KRAoDY3NpEj3iAToKGHNlY3JldHMtc3RvcmUuY3NpLms4cy5pbxABIhwK
            E3NlY3JldFByb3ZpZGVyQ2xhc3MSBXZhdWx0CicKA25mcxIgOh4KEG5mcy5leGFtcGxlLnRlc3QSCC9leHBvcnRzGAAKWAoDZXBo
            ElHqAU4KTAodCgASABoAIgAqADIAOABCAFoLCgR0eXBlEgNlcGgSKwoNUmVhZFdyaXRlT25jZRISEhAKB3N0b3JhZ2USBQoDMUdp
            GgAqBGZhc3QSrQYKA2FwcBIdcmVnaXN0cnkuZXhhbXBsZS50ZXN0L2FwcDoyLjAaBC9hcHAiCy0tcG9ydD04MDgwIgktLXZlcmJv
            c2UqBC9zcnYyEgoEaHR0cBAAGJA/IgNUQ1AqADIYCgNkbnMQ6SkYNSIDVURQKgcwLjAuMC4wOgoKBVBMQUlOEgExOgkKBUVNUFRZ
            EgA6JQoHRlJPTV9DTRIAGhgaFgoMCgphcHAtY29uZmlnEgRtb2RlGAA6JgoLRlJPTV9TRUNSRVQSABoVIhMKBwoFY3JlZHMSCHBh
            c3N3b3JkOiAKBlBPRF9JUBIAGhQKEgoCdjESDHN0YXR1cy5wb2RJUDomCgNNRU0SABodEhsKA2FwcBINbGltaXRzLm1lbW9yeRoF
            CgMxTWlCcgoKCgNjcHUSAwoBMgoPCgZtZW1vcnkSBQoDMUdpChUKDm52aWRpYS5jb20vZ3B1EgMKATESDQoDY3B1EgYKBDI1MG0S
            GgoRZXBoZW1lcmFsLXN0b3JhZ2USBQoDMkdpEhEKBm1lbW9yeRIHCgUyNTZNaUoVCgNjZmcQARoIL2V0Yy9hcHAiADIAShYKB3Nj
            cmF0Y2gQABoEL3RtcCIBdDIASigKBGhvc3QQABoJL2hvc3QvbG9nIgAqD0hvc3RUb0NvbnRhaW5lcjIAUjoKLhIsCggvaGVhbHRo
            ehIKCAEQABoEaHR0cBoAIgRIVFRQKgwKB1gtUHJvYmUSATEQBRgBIAooATADWhkKDRoLCgcIABCQPxoAEgAQABgAIAUoADAAYhAK
            CAoGCgR0cnVlEgQiAggFahQvZGV2L3Rlcm1pbmF0aW9uLWxvZ3IMSWZOb3RQcmVzZW50ejcKFwoQTkVUX0JJTkRfU0VSVklDRRID
            QUxMEAAgACgAMAE4AEAAWhAKDlJ1bnRpbWVEZWZhdWx0gAEBiAEAkAEBmgEPCgASCwoJCgdhcHAtZW52mgEaCgJTXxoUChAKDmFw
            cC1zZWNyZXQtZW52EAGiARVGYWxsYmFja1RvTG9nc09uRXJyb3KyASEKEwoRCgNjYXQKCi90bXAvcmVhZHkQABgAIAAoADAeOAAS
            QwoHc2lkZWNhchIKZW52b3k6MS4zMCoAQgBaGAoMIgoIrU0SBXJlYWR5EAAYACAAKAAwAGoAcgCAAQCIAQCQAQCiAQAaCU9uRmFp
            bHVyZSAAKNgEMgxDbHVzdGVyRmlyc3Q6DwoIZGlza3R5cGUSA3NzZEIGcnVubmVySgBSAFgAYAFoAHIoEOgHILgXIKAfKNAPOhoK
            Em5ldC5jb3JlLnNvbWF4Y29ubhIEMTAyNHoFCgNyZWeCAQRyaWNoigEFYmF0Y2iSAUkKFgoUChIKEAoEem9uZRICSW4aAWEaAWIa
            LxItCDISKQoPEg0KA2FwcBIGRXhpc3RzGhZrdWJlcm5ldGVzLmlvL2hvc3RuYW1lmgERZGVmYXVsdC1zY2hlZHVsZXKiAUQKBGlu
            aXQSDGJ1c3lib3g6MS4zNhoCc2gaAi1jGgllY2hvIGluaXQqAEIAagByAIABAIgBAJABAKIBAMIBBkFsd2F5c6gBALIBJQoJZGVk
            aWNhdGVkEgVFcXVhbBoFYmF0Y2giCk5vU2NoZWR1bGWyARkKABIGRXhpc3RzGgAiCU5vRXhlY3V0ZSgAugEUCggxMC4wLjAuMRII
            ZGIubG9jYWzCAQRoaWdoyAHoB9IBIwoHMS4xLjEuMRIMZXhhbXBsZS50ZXN0GgoKBW5kb3RzEgEy2AEB4gEUChJleGFtcGxlLnRl
            c3QvcmVhZHnwAQD6AQVOZXZlcoICDAoDY3B1EgUKAzEwbYoCKAgBEgR6b25lGg1Eb05vdFNjaGVkdWxlIg0KCwoDYXBwEgRyaWNo
            KAKiAgcKBWxpbnV4OABAAEoHSW5kZXhlZFAAWj4KGAoHRmFpbEpvYhINCgNhcHASAkluGAEYKgoiCgZJZ25vcmUaGAoQRGlzcnVw
            dGlvblRhcmdldBIEVHJ1ZWABaAJyBkZhaWxlZIIBCQoHCgMwLTIQARoIIAAoADAAOgAaACIA
            """,
        dryRun: #"""
            {"kind":"Job","apiVersion":"batch/v1","metadata":{"name":"rich-1","creationTimestamp":null,"labels":{"app":"ri
            ch"},"annotations":{"cronjob.kubernetes.io/instantiate":"manual","note":"x"},"ownerReferences":[{"apiVersion":
            "batch/v1","kind":"CronJob","name":"rich","uid":"6f1c2d3e-0000-4000-8000-000000000003","controller":true}]},"s
            pec":{"parallelism":2,"completions":4,"activeDeadlineSeconds":900,"podFailurePolicy":{"rules":[{"action":"Fail
            Job","onExitCodes":{"containerName":"app","operator":"In","values":[1,42]}},{"action":"Ignore","onPodCondition
            s":[{"type":"DisruptionTarget","status":"True"}]}]},"successPolicy":{"rules":[{"succeededIndexes":"0-2","succe
            ededCount":1}]},"backoffLimit":0,"backoffLimitPerIndex":1,"maxFailedIndexes":2,"manualSelector":false,"templat
            e":{"metadata":{"creationTimestamp":null,"labels":{"app":"rich"},"annotations":{"a":"b"}},"spec":{"volumes":[{
            "name":"cfg","configMap":{"name":"app-config","items":[{"key":"app.conf","path":"app.conf","mode":420}],"defau
            ltMode":272,"optional":false}},{"name":"sec","secret":{"secretName":"creds","defaultMode":256}},{"name":"scrat
            ch","emptyDir":{"medium":"Memory","sizeLimit":"64Mi"}},{"name":"host","hostPath":{"path":"/var/log","type":"Di
            rectory"}},{"name":"data","persistentVolumeClaim":{"claimName":"data-pvc","readOnly":true}},{"name":"proj","pr
            ojected":{"sources":[{"serviceAccountToken":{"audience":"vault","expirationSeconds":3600,"path":"token"}},{"do
            wnwardAPI":{"items":[{"path":"labels","fieldRef":{"apiVersion":"v1","fieldPath":"metadata.labels"}}]}},{"confi
            gMap":{"name":"ca","items":[{"key":"ca.crt","path":"ca.crt"}]}}],"defaultMode":288}},{"name":"podinfo","downwa
            rdAPI":{"items":[{"path":"cpu","resourceFieldRef":{"containerName":"app","resource":"limits.cpu","divisor":"1m
            "}}]}},{"name":"csi","csi":{"driver":"secrets-store.csi.k8s.io","readOnly":true,"volumeAttributes":{"secretPro
            viderClass":"vault"}}},{"name":"nfs","nfs":{"server":"nfs.example.test","path":"/exports"}},{"name":"eph","eph
            emeral":{"volumeClaimTemplate":{"metadata":{"creationTimestamp":null,"labels":{"type":"eph"}},"spec":{"accessM
            odes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}},"storageClassName":"fast"}}}}],"initContain
            ers":[{"name":"init","image":"busybox:1.36","command":["sh","-c","echo init"],"resources":{},"restartPolicy":"
            Always"}],"containers":[{"name":"app","image":"registry.example.test/app:2.0","command":["/app"],"args":["--po
            rt=8080","--verbose"],"workingDir":"/srv","ports":[{"name":"http","containerPort":8080,"protocol":"TCP"},{"nam
            e":"dns","hostPort":5353,"containerPort":53,"protocol":"UDP","hostIP":"0.0.0.0"}],"envFrom":[{"configMapRef":{
            "name":"app-env"}},{"prefix":"S_","secretRef":{"name":"app-secret-env","optional":true}}],"env":[{"name":"PLAI
            N","value":"1"},{"name":"EMPTY"},{"name":"FROM_CM","valueFrom":{"configMapKeyRef":{"name":"app-config","key":"
            mode","optional":false}}},{"name":"FROM_SECRET","valueFrom":{"secretKeyRef":{"name":"creds","key":"password"}}
            },{"name":"POD_IP","valueFrom":{"fieldRef":{"apiVersion":"v1","fieldPath":"status.podIP"}}},{"name":"MEM","val
            ueFrom":{"resourceFieldRef":{"containerName":"app","resource":"limits.memory","divisor":"1Mi"}}}],"resources":
            {"limits":{"cpu":"2","memory":"1Gi","nvidia.com/gpu":"1"},"requests":{"cpu":"250m","ephemeral-storage":"2Gi","
            memory":"256Mi"}},"volumeMounts":[{"name":"cfg","readOnly":true,"mountPath":"/etc/app"},{"name":"scratch","mou
            ntPath":"/tmp","subPath":"t"},{"name":"host","mountPath":"/host/log","mountPropagation":"HostToContainer"}],"l
            ivenessProbe":{"httpGet":{"path":"/healthz","port":"http","scheme":"HTTP","httpHeaders":[{"name":"X-Probe","va
            lue":"1"}]},"initialDelaySeconds":5,"timeoutSeconds":1,"periodSeconds":10,"successThreshold":1,"failureThresho
            ld":3},"readinessProbe":{"tcpSocket":{"port":8080},"periodSeconds":5},"startupProbe":{"exec":{"command":["cat"
            ,"/tmp/ready"]},"failureThreshold":30,"terminationGracePeriodSeconds":0},"lifecycle":{"postStart":{"exec":{"co
            mmand":["true"]}},"preStop":{"sleep":{"seconds":5}}},"terminationMessagePath":"/dev/termination-log","terminat
            ionMessagePolicy":"FallbackToLogsOnError","imagePullPolicy":"IfNotPresent","securityContext":{"capabilities":{
            "add":["NET_BIND_SERVICE"],"drop":["ALL"]},"privileged":false,"runAsUser":0,"runAsGroup":0,"runAsNonRoot":fals
            e,"readOnlyRootFilesystem":true,"allowPrivilegeEscalation":false,"seccompProfile":{"type":"RuntimeDefault"}},"
            stdin":true,"tty":true},{"name":"sidecar","image":"envoy:1.30","resources":{},"readinessProbe":{"grpc":{"port"
            :9901,"service":"ready"}}}],"restartPolicy":"OnFailure","terminationGracePeriodSeconds":0,"activeDeadlineSecon
            ds":600,"dnsPolicy":"ClusterFirst","nodeSelector":{"disktype":"ssd"},"serviceAccountName":"runner","automountS
            erviceAccountToken":false,"hostPID":true,"shareProcessNamespace":true,"securityContext":{"runAsUser":1000,"sup
            plementalGroups":[3000,4000],"fsGroup":2000,"sysctls":[{"name":"net.core.somaxconn","value":"1024"}]},"imagePu
            llSecrets":[{"name":"reg"}],"hostname":"rich","subdomain":"batch","affinity":{"nodeAffinity":{"requiredDuringS
            chedulingIgnoredDuringExecution":{"nodeSelectorTerms":[{"matchExpressions":[{"key":"zone","operator":"In","val
            ues":["a","b"]}]}]}},"podAntiAffinity":{"preferredDuringSchedulingIgnoredDuringExecution":[{"weight":50,"podAf
            finityTerm":{"labelSelector":{"matchExpressions":[{"key":"app","operator":"Exists"}]},"topologyKey":"kubernete
            s.io/hostname"}}]}},"schedulerName":"default-scheduler","tolerations":[{"key":"dedicated","operator":"Equal","
            value":"batch","effect":"NoSchedule"},{"operator":"Exists","effect":"NoExecute","tolerationSeconds":0}],"hostA
            liases":[{"ip":"10.0.0.1","hostnames":["db.local"]}],"priorityClassName":"high","priority":1000,"dnsConfig":{"
            nameservers":["1.1.1.1"],"searches":["example.test"],"options":[{"name":"ndots","value":"2"}]},"readinessGates
            ":[{"conditionType":"example.test/ready"}],"enableServiceLinks":false,"preemptionPolicy":"Never","overhead":{"
            cpu":"10m"},"topologySpreadConstraints":[{"maxSkew":1,"topologyKey":"zone","whenUnsatisfiable":"DoNotSchedule"
            ,"labelSelector":{"matchLabels":{"app":"rich"}},"minDomains":2}],"os":{"name":"linux"}}},"ttlSecondsAfterFinis
            hed":0,"completionMode":"Indexed","suspend":false,"podReplacementPolicy":"Failed"},"status":{}}
            """#
    )
    /// `kubectl debug rich-pod --copy-to=rich-copy --image=busybox:1.36 --container=debugger --attach=false`
    static let debugCopy = KubectlCapture(
        name: "debug-copy",
        body: """
            azhzAAoJCgJ2MRIDUG9kEocQCigKCXJpY2gtY29weRIAGgdkZWZhdWx0IgAqADIAOABCAGIGCgFhEgFiEsgPCjYKA2NmZxIvmgEs
            CgwKCmFwcC1jb25maWcSFwoIYXBwLmNvbmYSCGFwcC5jb25mGKQDGJACIAAKEwoDc2VjEgwyCgoFY3JlZHMYgAIKHQoHc2NyYXRj
            aBISEhAKBk1lbW9yeRIGCgQ2NE1pCh8KBGhvc3QSFwoVCggvdmFyL2xvZxIJRGlyZWN0b3J5ChYKBGRhdGESDlIMCghkYXRhLXB2
            YxABCmQKBHByb2oSXNIBWQoTIhEKBXZhdWx0EJAcGgV0b2tlbgojEiEKHwoGbGFiZWxzEhUKAnYxEg9tZXRhZGF0YS5sYWJlbHMK
            GhoYCgQKAmNhEhAKBmNhLmNydBIGY2EuY3J0EKACCi4KB3BvZGluZm8SI4IBIAoeCgNjcHUaFwoDYXBwEgpsaW1pdHMuY3B1GgQK
            AjFtCkQKA2NzaRI94gE6ChhzZWNyZXRzLXN0b3JlLmNzaS5rOHMuaW8QASIcChNzZWNyZXRQcm92aWRlckNsYXNzEgV2YXVsdAon
            CgNuZnMSIDoeChBuZnMuZXhhbXBsZS50ZXN0EggvZXhwb3J0cxgAClgKA2VwaBJR6gFOCkwKHQoAEgAaACIAKgAyADgAQgBaCwoE
            dHlwZRIDZXBoEisKDVJlYWRXcml0ZU9uY2USEhIQCgdzdG9yYWdlEgUKAzFHaRoAKgRmYXN0Eq0GCgNhcHASHXJlZ2lzdHJ5LmV4
            YW1wbGUudGVzdC9hcHA6Mi4wGgQvYXBwIgstLXBvcnQ9ODA4MCIJLS12ZXJib3NlKgQvc3J2MhIKBGh0dHAQABiQPyIDVENQKgAy
            GAoDZG5zEOkpGDUiA1VEUCoHMC4wLjAuMDoKCgVQTEFJThIBMToJCgVFTVBUWRIAOiUKB0ZST01fQ00SABoYGhYKDAoKYXBwLWNv
            bmZpZxIEbW9kZRgAOiYKC0ZST01fU0VDUkVUEgAaFSITCgcKBWNyZWRzEghwYXNzd29yZDogCgZQT0RfSVASABoUChIKAnYxEgxz
            dGF0dXMucG9kSVA6JgoDTUVNEgAaHRIbCgNhcHASDWxpbWl0cy5tZW1vcnkaBQoDMU1pQnIKCgoDY3B1EgMKATIKDwoGbWVtb3J5
            EgUKAzFHaQoVCg5udmlkaWEuY29tL2dwdRIDCgExEg0KA2NwdRIGCgQyNTBtEhoKEWVwaGVtZXJhbC1zdG9yYWdlEgUKAzJHaRIR
            CgZtZW1vcnkSBwoFMjU2TWlKFQoDY2ZnEAEaCC9ldGMvYXBwIgAyAEoWCgdzY3JhdGNoEAAaBC90bXAiAXQyAEooCgRob3N0EAAa
            CS9ob3N0L2xvZyIAKg9Ib3N0VG9Db250YWluZXIyAFI6Ci4SLAoIL2hlYWx0aHoSCggBEAAaBGh0dHAaACIESFRUUCoMCgdYLVBy
            b2JlEgExEAUYASAKKAEwA1oZCg0aCwoHCAAQkD8aABIAEAAYACAFKAAwAGIQCggKBgoEdHJ1ZRIEIgIIBWoUL2Rldi90ZXJtaW5h
            dGlvbi1sb2dyDElmTm90UHJlc2VudHo3ChcKEE5FVF9CSU5EX1NFUlZJQ0USA0FMTBAAIAAoADABOABAAFoQCg5SdW50aW1lRGVm
            YXVsdIABAYgBAJABAZoBDwoAEgsKCQoHYXBwLWVudpoBGgoCU18aFAoQCg5hcHAtc2VjcmV0LWVudhABogEVRmFsbGJhY2tUb0xv
            Z3NPbkVycm9ysgEhChMKEQoDY2F0CgovdG1wL3JlYWR5EAAYACAAKAAwHjgAEkMKB3NpZGVjYXISCmVudm95OjEuMzAqAEIAWhgK
            DCIKCK1NEgVyZWFkeRAAGAAgACgAMABqAHIAgAEAiAEAkAEAogEAEjAKCGRlYnVnZ2VyEgxidXN5Ym94OjEuMzYqAEIAagByAIAB
            AIgBAJABAKIBBEZpbGUaBkFsd2F5cyAAKNgEMgxDbHVzdGVyRmlyc3Q6DwoIZGlza3R5cGUSA3NzZEIGcnVubmVySgBSAFgAYAFo
            AHIoEOgHILgXIKAfKNAPOhoKEm5ldC5jb3JlLnNvbWF4Y29ubhIEMTAyNHoFCgNyZWeCAQRyaWNoigEFYmF0Y2iSAUkKFgoUChIK
            EAoEem9uZRICSW4aAWEaAWIaLxItCDISKQoPEg0KA2FwcBIGRXhpc3RzGhZrdWJlcm5ldGVzLmlvL2hvc3RuYW1lmgERZGVmYXVs
            dC1zY2hlZHVsZXKiAUQKBGluaXQSDGJ1c3lib3g6MS4zNhoCc2gaAi1jGgllY2hvIGluaXQqAEIAagByAIABAIgBAJABAKIBAMIB
            BkFsd2F5c6gBALIBJQoJZGVkaWNhdGVkEgVFcXVhbBoFYmF0Y2giCk5vU2NoZWR1bGWyARkKABIGRXhpc3RzGgAiCU5vRXhlY3V0
            ZSgAugEUCggxMC4wLjAuMRIIZGIubG9jYWzCAQRoaWdoyAHoB9IBIwoHMS4xLjEuMRIMZXhhbXBsZS50ZXN0GgoKBW5kb3RzEgEy
            2AEB4gEUChJleGFtcGxlLnRlc3QvcmVhZHnwAQD6AQVOZXZlcoICDAoDY3B1EgUKAzEwbYoCKAgBEgR6b25lGg1Eb05vdFNjaGVk
            dWxlIg0KCwoDYXBwEgRyaWNoKAKiAgcKBWxpbnV4GhAKABoAIgAqADIASgBaAHIAGgAiAA==
            """,
        dryRun: nil
    )
    /// `kubectl debug node/n1 --image=busybox:1.36 --attach=false`
    static let debugNode = KubectlCapture(
        name: "debug-node",
        body: """
            azhzAAoJCgJ2MRIDUG9kEtEBCiYKFm5vZGUtZGVidWdnZXItbjEtdGg1cHQSABoAIgAqADIAOABCABKUAQoSCglob3N0LXJvb3QS
            BQoDCgEvEkoKCGRlYnVnZ2VyEgxidXN5Ym94OjEuMzYqAEIAShgKCWhvc3Qtcm9vdBAAGgUvaG9zdCIAMgBqAHIAgAEAiAEAkAEA
            ogEERmlsZRoFTmV2ZXIyAEIASgBSAm4xWAFgAWgBggEAigEAmgEAsgEOCgASBkV4aXN0cxoAIgDCAQAaEAoAGgAiACoAMgBKAFoA
            cgAaACIA
            """,
        dryRun: nil
    )
    /// `kubectl create serviceaccount robot`
    static let serviceaccount = KubectlCapture(
        name: "serviceaccount",
        body: "azhzAAoUCgJ2MRIOU2VydmljZUFjY291bnQSFwoVCgVyb2JvdBIAGgAiACoAMgA4AEIAGgAiAA==",
        dryRun: #"""
            {"kind":"ServiceAccount","apiVersion":"v1","metadata":{"name":"robot","creationTimestamp":null}}
            """#
    )
}
