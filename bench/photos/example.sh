#!/bin/sh
# Regenerates the example site's photos with bench/photos: phone photos
# of 1600 × 1200 (quality 85, light sensor noise, the EXIF/XMP/IPTC/ICC
# metadata of internal/imaging/testdata/phone.jpg; juegos.jpg stored
# turned with Orientation 6, as a phone held upright stores it) and the
# release's lead photo as an editor exports it (1200 × 675, no metadata).
# The same command writes the same bytes. Run from the repository root:
#   sh bench/photos/example.sh
set -eu
photo="go run ./bench/photos -w 1600 -h 1200 -q 85 -noise 3"
plaza=content/prensa/2026-11-20-plaza-los-aromos
$photo -scene vecinos $plaza/vecinos.jpg
$photo -scene juegos -orientation 6 $plaza/juegos.jpg
$photo -scene feria content/imagenes/feria-navidena.jpg
$photo -scene concierto content/imagenes/concierto-navidad.jpg
go run ./bench/photos -w 1200 -h 675 -q 85 -noise 3 -meta '' -scene plaza $plaza/plaza.jpg
