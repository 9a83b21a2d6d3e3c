"""Moved to skema_lsp.uploads (every stage checks uploads the same way); this name stays for code
written against it before the move."""

from skema_lsp.uploads import PHOTO_MAX_PIXELS, ValidatedUpload, download_name, make_print_copy, validate_upload

__all__ = ["PHOTO_MAX_PIXELS", "ValidatedUpload", "download_name", "make_print_copy", "validate_upload"]
