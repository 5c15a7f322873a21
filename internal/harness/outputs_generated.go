package harness

import (
	"crypto/sha256"
	"strings"
)

// Computed outputs of generated secrets: pulumi-random's password and pulumi-tls's private
// key (the providers mark them secret through additionalSecretOutputs, which Run honours).
func init() {
	register("random:index/randomPassword:RandomPassword", func(r *Resource, id string, set func(string, any)) (string, string) {
		set("result", password(r))
		set("bcryptHash", "$2a$10$offline")
		return id, ""
	})
	register("tls:index/privateKey:PrivateKey", func(r *Resource, id string, set func(string, any)) (string, string) {
		set("privateKeyPem", "-----BEGIN RSA PRIVATE KEY-----\noffline-"+shortHash(r.URN)+"\n-----END RSA PRIVATE KEY-----\n")
		set("publicKeyPem", "-----BEGIN PUBLIC KEY-----\noffline-"+shortHash(r.URN)+"\n-----END PUBLIC KEY-----\n")
		return id, ""
	})
}

// password derives a stable password that obeys the resource's length and character-class
// inputs as the random provider would: letters and digits unless disabled, specials from
// overrideSpecial (or the provider's default set) unless special is false.
func password(r *Resource) string {
	length := int(r.Number("length"))
	enabled := func(key string) bool { return !r.Has(key) || r.Bool(key) }
	var classes []string
	if enabled("upper") {
		classes = append(classes, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
	}
	if enabled("lower") {
		classes = append(classes, "abcdefghijklmnopqrstuvwxyz")
	}
	if enabled("numeric") {
		classes = append(classes, "0123456789")
	}
	if enabled("special") {
		special := "!@#$%&*()-_=+[]{}<>:?"
		if r.Has("overrideSpecial") {
			special = r.String("overrideSpecial")
		}
		if special != "" {
			classes = append(classes, special)
		}
	}
	var b strings.Builder
	seed := sha256.Sum256([]byte(r.URN))
	for i := 0; b.Len() < length; i++ {
		class := classes[i%len(classes)] // every class appears, as min* inputs ask
		b.WriteByte(class[int(seed[i%len(seed)]+byte(i))%len(class)])
	}
	return b.String()
}
