# report-font-subset.cmake: one Korean subset of a Noto Sans CJK collection,
# run at build time by analytics/CMakeLists.txt (cmake -P).
#
# Why: cairo embeds a PDF font by subsetting it at cairo_surface_finish, and
# its CFF subsetter first reads the whole CFF table of the face it is given.
# For the system's Noto Sans CJK collection that is about 118 ms a face for
# every PDF; for a face already cut down to the Korean a report can hold it
# is about 16 ms.  So the cut is made once, here, with hb-subset.
#
# Method: the collection (.ttc) holds one face per region (JP, KR, SC...) in
# an order that is not promised, so the face is found by its family name
# with fc-scan, never by a fixed index.  The cut is desubroutinized: cairo
# 1.16 keeps a CID-keyed CFF font's subroutines nearly whole in every PDF
# (about 300 KB a face, whatever few glyphs a report uses), while a glyph
# without subroutines carries its whole outline and the PDF only the glyphs
# it draws (the market-year report with every section: 558 KB -> 103 KB,
# about 20 ms less to write, pages identical).  hb-subset writes a
# temporary file; fc-scan then checks that it is the family asked for and
# that it covers every Hangul syllable (U+AC00-D7A3, as one range), and
# only then is it renamed to OUTPUT, so a failed or partial run never
# leaves a font that a later build would take as done.
#
# Inputs (-D): FC_SCAN, HB_SUBSET (programs), FONT (the collection),
# FAMILY ("Noto Sans CJK KR"), UNICODES (hb-subset's --unicodes list),
# OUTPUT (the .otf to write).
cmake_minimum_required(VERSION 3.20)   # script mode: today's policies (IN_LIST)
foreach(var FC_SCAN HB_SUBSET FONT FAMILY UNICODES OUTPUT)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "report-font-subset.cmake: -D${var}=... is required")
  endif()
endforeach()

# One line a face: "index<TAB>family,family...".  A family value holding a
# comma would be escaped by fc-scan; Noto's names hold none.
execute_process(COMMAND ${FC_SCAN} --format "%{index}\t%{family}\n" ${FONT}
                OUTPUT_VARIABLE faces RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "report fonts: fc-scan cannot read ${FONT}: ${err}")
endif()
string(REPLACE "\n" ";" face_lines "${faces}")
set(index "")
foreach(line IN LISTS face_lines)
  if(line MATCHES "^([0-9]+)\t(.*)$")
    set(i ${CMAKE_MATCH_1})
    string(REPLACE "," ";" names "${CMAKE_MATCH_2}")
    if("${FAMILY}" IN_LIST names AND index STREQUAL "")
      set(index ${i})
    endif()
  endif()
endforeach()
if(index STREQUAL "")
  message(FATAL_ERROR "report fonts: no face of the family \"${FAMILY}\" in ${FONT}; "
                      "its faces are:\n${faces}Install fonts-noto-cjk, point "
                      "MPOS_NOTO_CJK_KR_REGULAR / _BOLD at the right file, or configure "
                      "with -DMPOS_REPORT_FONTS=OFF (reports then embed the system font, slower).")
endif()

set(tmp "${OUTPUT}.tmp")
file(REMOVE "${tmp}")
execute_process(COMMAND ${HB_SUBSET} --face-index=${index} --desubroutinize --unicodes=${UNICODES}
                        --output-file=${tmp} ${FONT}
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0 OR NOT EXISTS "${tmp}")
  file(REMOVE "${tmp}")
  message(FATAL_ERROR "report fonts: hb-subset failed on face ${index} of ${FONT}: ${err}")
endif()

# The subset must still be the family the code asks for and hold all of
# Hangul: fc-scan prints its charset as ranges, so all 11,172 syllables
# present read as exactly "ac00-d7a3".
execute_process(COMMAND ${FC_SCAN} --format "%{family}|%{charset}\n" ${tmp}
                OUTPUT_VARIABLE scanned RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR NOT scanned MATCHES "^${FAMILY}[,|]" OR NOT scanned MATCHES " ac00-d7a3( |\n|$)")
  file(REMOVE "${tmp}")
  message(FATAL_ERROR "report fonts: the subset of ${FONT} (face ${index}) is not a complete "
                      "\"${FAMILY}\" Hangul font: ${scanned}")
endif()
file(RENAME "${tmp}" "${OUTPUT}")
file(SIZE "${OUTPUT}" size)
message(STATUS "report fonts: ${OUTPUT} from face ${index} of ${FONT} (${size} bytes)")
