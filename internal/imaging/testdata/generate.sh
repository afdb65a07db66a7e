#!/bin/sh
# Regenerates the test images of internal/imaging: Go draws the pixels,
# exiftool writes the metadata a phone writes (GPS position, make and
# model, the photographer's name, orientation, a thumbnail, XMP, IPTC, an
# ICC profile) and PNG/WebP/GIF text. Needs exiftool
# (apt-get install libimage-exiftool-perl). Run from the repository root:
#   sh internal/imaging/testdata/generate.sh
set -eu
dir=internal/imaging/testdata
go run ./$dir/gen $dir
cd $dir
x="exiftool -q -overwrite_original"
# The markers tests look for in every output: no byte of them may remain.
gps="-GPSLatitude=33.4372 -GPSLatitudeRef=S -GPSLongitude=70.6506 -GPSLongitudeRef=W -GPSAltitude=567"
who="-Make=Apple -Model=iPhone-14-Pro-MARCA-MODELO -Artist=Maria-Jose-Contreras-MARCA-AUTORA -Copyright=MARCA-COPYRIGHT -Software=MARCA-SOFTWARE"
$x $gps $who -Orientation#=6 -DateTimeOriginal="2026:11:20 10:31:07" \
   "-ThumbnailImage<=thumb.jpg" "-ICC_Profile<=profile.icc" \
   -XMP-dc:Creator=MARCA-XMP-CREADORA -IPTC:By-line=MARCA-IPTC-FOTOGRAFA \
   -Comment=MARCA-COMENTARIO phone.jpg
for o in 1 2 3 4 5 6 7 8; do
  cp quadrants.jpg orient-$o.jpg
  $x -Orientation#=$o orient-$o.jpg
done
$x $gps $who -Orientation#=1 -XMP-dc:Creator=MARCA-XMP-CREADORA \
   -PNG:Comment=MARCA-PNG-TEXT -PNG:Author=MARCA-PNG-AUTORA photo.png
$x $gps $who -Orientation#=8 -XMP-dc:Creator=MARCA-XMP-CREADORA photo.webp
$x -Comment=MARCA-GIF-COMENTARIO -XMP-dc:Creator=MARCA-XMP-CREADORA animated.gif
rm quadrants.jpg thumb.jpg profile.icc
