package dev.berth.image;

/** Docker's reference parsing errors, one factory per text (distribution/reference and go-digest wording). */
final class ReferenceErrors {

    private ReferenceErrors() {
    }

    static InvalidReferenceException invalidFormat() {
        return new InvalidReferenceException("invalid reference format");
    }

    static InvalidReferenceException uppercase(String remoteName) {
        return new InvalidReferenceException(
                "invalid reference format: repository name (" + remoteName + ") must be lowercase");
    }

    static InvalidReferenceException nameUppercase() {
        return new InvalidReferenceException("repository name must be lowercase");
    }

    static InvalidReferenceException nameEmpty() {
        return new InvalidReferenceException("repository name must have at least one component");
    }

    static InvalidReferenceException nameTooLong() {
        return new InvalidReferenceException("repository name must not be more than 255 characters");
    }

    static InvalidReferenceException hexName(String text) {
        return new InvalidReferenceException(
                "invalid repository name (" + text + "), cannot specify 64-byte hexadecimal strings");
    }

    static InvalidReferenceException invalidTag() {
        return new InvalidReferenceException("invalid tag format");
    }

    static InvalidReferenceException unsupportedDigest() {
        return new InvalidReferenceException("unsupported digest algorithm");
    }

    static InvalidReferenceException digestLength() {
        return new InvalidReferenceException("invalid checksum digest length");
    }

    static InvalidReferenceException digestFormat() {
        return new InvalidReferenceException("invalid checksum digest format");
    }
}
