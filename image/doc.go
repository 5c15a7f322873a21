// Package image holds no Go code but the checks of the Saleor image the compute tier runs:
// Dockerfile (the official Saleor image pinned by digest, plus the settings module) and
// saleor_aws/settings.py (the module components/compute/doc.go describes). Its test holds
// the module to the variables the compute tier sets for it (compute.SettingsModuleVariables)
// and the Dockerfile to a pinned base and the compute tier's DJANGO_SETTINGS_MODULE.
//
// The image is built by the release workflow and pushed to each region's repository, or,
// with saleor:image.build in development and demo, by the stack itself (awsx's ecr.Image on
// this directory).
package image
