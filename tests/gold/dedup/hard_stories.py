"""Invented stories behind the hard dedup pairs (written for this project; no real article text).

Each event is told sentence by sentence in both languages (``id[i]`` and ``en[i]`` say the same thing), so the
builder can make *edited translations*: each edition keeps a different ~70 % of the sentences, as ANTARA's
English desk does. Events come in topics of two (same topic, different story: shared names and words, other
figures), and ``wire`` events are same-day updates of a recurring report (opening vs closing market, morning vs
evening alert) — different stories that share the template and the names.
"""

from __future__ import annotations

HARD_EVENTS: list[dict] = [
    {
        "slug": "banjir-demak-1",
        "topic": "banjir",
        "date": "2026-02-03T01:00:00+00:00",
        "city": "Semarang",
        "id": [
            "Banjir merendam 14 desa di Kabupaten Demak, Jawa Tengah, setelah tanggul Sungai Wulan jebol pada Senin "
            "dini hari.",
            "Badan Penanggulangan Bencana Daerah (BPBD) Demak mencatat 3.420 rumah terendam dengan ketinggian air "
            "hingga 1,2 meter.",
            "Sebanyak 8.915 warga mengungsi ke 27 titik pengungsian, sebagian besar di balai desa dan masjid.",
            "Kepala BPBD Demak Agus Nugroho mengatakan petugas mengevakuasi warga lanjut usia dan anak-anak dengan "
            "perahu karet.",
            "Jalur pantura Demak-Kudus ditutup sementara karena genangan setinggi 60 sentimeter.",
            "Bupati Demak Eisti'anah meminta warga di bantaran sungai tetap waspada karena hujan diperkirakan "
            "berlanjut hingga Rabu.",
            "Balai Besar Wilayah Sungai Pemali Juana mengerahkan 12 alat berat untuk menutup tanggul sepanjang 45 "
            "meter.",
            "Dinas Sosial menyalurkan 2.500 paket makanan siap saji dan selimut ke lokasi pengungsian.",
        ],
        "en": [
            "Floods have inundated 14 villages in Demak District, Central Java, after an embankment of the Wulan "
            "River burst early on Monday.",
            "The Demak Regional Disaster Mitigation Agency (BPBD) recorded 3,420 houses flooded, with water up to 1.2 "
            "meters deep.",
            "A total of 8,915 residents have fled to 27 evacuation points, mostly village halls and mosques.",
            "Head of BPBD Demak Agus Nugroho said officers evacuated elderly residents and children using rubber "
            "boats.",
            "The Demak-Kudus section of the northern coastal road was temporarily closed due to 60 centimeters of "
            "standing water.",
            "Demak Regent Eisti'anah asked residents living on the riverbanks to remain alert as rain is expected "
            "to continue until Wednesday.",
            "The Pemali Juana River Basin Agency deployed 12 heavy machines to close the 45-meter breach in the "
            "embankment.",
            "The Social Affairs Office distributed 2,500 ready-to-eat food packages and blankets to the shelters.",
        ],
    },
    {
        "slug": "banjir-demak-2",
        "topic": "banjir",
        "date": "2026-02-03T09:00:00+00:00",
        "city": "Semarang",
        "id": [
            "Banjir juga melanda Kabupaten Grobogan, Jawa Tengah, setelah Sungai Lusi meluap pada Senin sore.",
            "BPBD Grobogan mencatat 1.160 rumah di tujuh kecamatan terendam air setinggi 80 sentimeter.",
            "Sebanyak 2.304 warga mengungsi ke gedung sekolah dan kantor kecamatan.",
            "Kepala BPBD Grobogan Endang Sulistyoningsih mengatakan dua jembatan desa putus diterjang arus.",
            "Ribuan hektare sawah yang baru ditanami padi ikut terendam dan terancam gagal panen.",
            "Pemerintah Provinsi Jawa Tengah menyiapkan dana tanggap darurat Rp5 miliar untuk Grobogan dan Demak.",
            "Petugas gabungan TNI dan Polri membantu membersihkan lumpur di permukiman yang mulai surut.",
        ],
        "en": [
            "Floods also hit Grobogan District, Central Java, after the Lusi River overflowed on Monday afternoon.",
            "BPBD Grobogan recorded 1,160 houses in seven subdistricts submerged in water up to 80 centimeters deep.",
            "A total of 2,304 residents took shelter in school buildings and subdistrict offices.",
            "Head of BPBD Grobogan Endang Sulistyoningsih said two village bridges were swept away by the current.",
            "Thousands of hectares of newly planted rice fields were also submerged and face crop failure.",
            "The Central Java provincial government prepared an emergency response fund of Rp5 billion for "
            "Grobogan and Demak.",
            "Joint TNI and police personnel helped clear mud from settlements where the water had begun to recede.",
        ],
    },
    {
        "slug": "vaksin-1",
        "topic": "kesehatan",
        "date": "2026-03-10T03:00:00+00:00",
        "city": "Jakarta",
        "id": [
            "Kementerian Kesehatan memulai imunisasi tambahan polio bagi 4,8 juta anak di Jawa Timur dan Madura "
            "mulai Selasa.",
            "Menteri Kesehatan Budi Gunadi Sadikin mengatakan imunisasi digelar setelah ditemukan dua kasus polio "
            "tipe 2 di Sampang.",
            "Vaksin novel OPV2 diberikan dua kali dengan jarak empat minggu kepada anak usia 0 hingga 7 tahun.",
            "Sebanyak 31.000 petugas kesehatan dikerahkan ke posyandu, sekolah dan puskesmas.",
            "Budi menargetkan cakupan imunisasi minimal 95 persen agar penularan virus dapat dihentikan.",
            "Dinas Kesehatan Jawa Timur menyiapkan 9,6 juta dosis vaksin yang tiba dari Bio Farma pekan lalu.",
            "Orang tua diminta membawa anak ke pos imunisasi meski anak sudah mendapat imunisasi rutin.",
            "Organisasi Kesehatan Dunia (WHO) mendampingi pemantauan kasus lumpuh layuh akut di 38 kabupaten.",
        ],
        "en": [
            "The Health Ministry began a supplementary polio immunization drive for 4.8 million children in East "
            "Java and Madura on Tuesday.",
            "Health Minister Budi Gunadi Sadikin said the drive was launched after two cases of type 2 polio were "
            "found in Sampang.",
            "The novel OPV2 vaccine is given twice, four weeks apart, to children aged 0 to 7 years.",
            "Some 31,000 health workers have been deployed to integrated health posts, schools and community health "
            "centers.",
            "Sadikin targeted immunization coverage of at least 95 percent so that transmission of the virus can be "
            "stopped.",
            "The East Java Health Office has prepared 9.6 million vaccine doses that arrived from Bio Farma last week.",
            "Parents were asked to bring their children to immunization posts even if they had received routine "
            "immunization.",
            "The World Health Organization (WHO) is assisting the monitoring of acute flaccid paralysis cases in 38 "
            "districts.",
        ],
    },
    {
        "slug": "vaksin-2",
        "topic": "kesehatan",
        "date": "2026-03-10T07:00:00+00:00",
        "city": "Jakarta",
        "id": [
            "Kementerian Kesehatan menambah kuota vaksinasi demam berdarah dengue bagi 250.000 anak sekolah di Bali "
            "dan Nusa Tenggara Barat.",
            "Menteri Kesehatan Budi Gunadi Sadikin mengatakan kasus dengue di kedua provinsi naik 41 persen "
            "dibandingkan tahun lalu.",
            "Vaksin diberikan dalam dua dosis dengan jarak tiga bulan kepada siswa berusia 6 hingga 16 tahun.",
            "Dinas Kesehatan Bali mencatat 6.730 kasus dengue dengan 12 kematian sejak Januari.",
            "Budi meminta pemerintah daerah tetap menggalakkan pemberantasan sarang nyamuk di sekolah dan rumah.",
            "Program ini dibiayai anggaran Rp180 miliar dan akan diperluas ke lima provinsi lain pada 2027.",
        ],
        "en": [
            "The Health Ministry has expanded its dengue vaccination quota to 250,000 schoolchildren in Bali and West "
            "Nusa Tenggara.",
            "Health Minister Budi Gunadi Sadikin said dengue cases in the two provinces had risen 41 percent from last "
            "year.",
            "The vaccine is given in two doses three months apart to students aged 6 to 16.",
            "The Bali Health Office recorded 6,730 dengue cases and 12 deaths since January.",
            "Sadikin asked regional governments to keep promoting the eradication of mosquito breeding sites at "
            "schools and homes.",
            "The program is funded with a budget of Rp180 billion and will be extended to five other provinces in "
            "2027.",
        ],
    },
    {
        "slug": "sidang-1",
        "topic": "hukum",
        "date": "2026-04-21T04:00:00+00:00",
        "city": "Jakarta",
        "id": [
            "Pengadilan Tindak Pidana Korupsi Jakarta Pusat menjatuhkan vonis 9 tahun penjara kepada mantan Direktur "
            "Utama PT Sarana Tirta Nusantara, Hendra Wijaya.",
            "Majelis hakim yang diketuai Rianto Adam menyatakan Hendra terbukti merugikan negara Rp742 miliar dalam "
            "proyek pipa air bersih.",
            "Hendra juga diwajibkan membayar uang pengganti Rp215 miliar dan denda Rp1 miliar.",
            "Vonis itu lebih ringan dari tuntutan jaksa KPK yang meminta hukuman 12 tahun penjara.",
            "Hakim menilai terdakwa bersikap sopan dan belum pernah dihukum sebagai hal yang meringankan.",
            "Kuasa hukum Hendra, Maqdir Sitompul, mengatakan kliennya masih pikir-pikir untuk mengajukan banding.",
            "Jaksa KPK Takdir Suhan menyatakan akan mempelajari putusan sebelum menentukan sikap dalam tujuh hari.",
        ],
        "en": [
            "The Central Jakarta Corruption Court sentenced Hendra Wijaya, former president director of PT Sarana "
            "Tirta Nusantara, to 9 years in prison.",
            "The panel of judges led by Rianto Adam found Hendra guilty of causing state losses of Rp742 billion in a "
            "clean water pipeline project.",
            "Hendra was also ordered to pay restitution of Rp215 billion and a fine of Rp1 billion.",
            "The verdict was lighter than the demand of KPK prosecutors, who had sought a 12-year prison term.",
            "The judges considered the defendant's polite conduct and lack of prior convictions as mitigating factors.",
            "Hendra's lawyer, Maqdir Sitompul, said his client was still considering whether to appeal.",
            "KPK prosecutor Takdir Suhan said he would study the ruling before deciding on a response within seven "
            "days.",
        ],
    },
    {
        "slug": "sidang-2",
        "topic": "hukum",
        "date": "2026-04-21T08:00:00+00:00",
        "city": "Jakarta",
        "id": [
            "Pengadilan Tindak Pidana Korupsi Jakarta Pusat menggelar sidang perdana dua pejabat PT Sarana Tirta "
            "Nusantara dalam perkara yang sama dengan Hendra Wijaya.",
            "Jaksa KPK mendakwa Direktur Keuangan Lina Marlina dan Manajer Proyek Dedi Kurnia menerima suap Rp38,5 "
            "miliar.",
            "Keduanya diduga mengatur lelang pengadaan 1.200 kilometer pipa agar dimenangkan perusahaan rekanan.",
            "Dalam dakwaan, uang suap diserahkan dalam 17 kali pertemuan di sebuah hotel di Jakarta Selatan.",
            "Kuasa hukum terdakwa menyatakan akan mengajukan eksepsi pada sidang berikutnya.",
            "Majelis hakim menunda sidang hingga Selasa pekan depan.",
        ],
        "en": [
            "The Central Jakarta Corruption Court held the first hearing for two officials of PT Sarana Tirta "
            "Nusantara in the same case as Hendra Wijaya.",
            "KPK prosecutors charged finance director Lina Marlina and project manager Dedi Kurnia with accepting "
            "bribes of Rp38.5 billion.",
            "The two allegedly rigged the tender for 1,200 kilometers of pipes so that a partner company would win.",
            "According to the indictment, the bribe money was handed over in 17 meetings at a hotel in South Jakarta.",
            "The defendants' lawyers said they would file an objection at the next hearing.",
            "The panel of judges adjourned the trial until Tuesday next week.",
        ],
    },
    {
        "slug": "rupiah-pagi",
        "topic": "rupiah",
        "wire": True,
        "date": "2026-05-19T02:10:00+00:00",
        "city": "Jakarta",
        "id": [
            "Nilai tukar rupiah terhadap dolar AS pada pembukaan perdagangan Selasa pagi menguat 23 poin atau 0,14 "
            "persen menjadi Rp16.312 per dolar AS.",
            "Pada penutupan perdagangan sebelumnya rupiah berada di level Rp16.335 per dolar AS.",
            "Analis Bank Woori Saudara Rully Nova mengatakan penguatan dipicu data inflasi Amerika Serikat yang lebih "
            "rendah dari perkiraan.",
            "Imbal hasil obligasi pemerintah AS bertenor 10 tahun turun ke level 4,21 persen.",
            "Rully memperkirakan rupiah bergerak di kisaran Rp16.280 hingga Rp16.350 per dolar AS sepanjang hari.",
            "Pelaku pasar juga menantikan keputusan suku bunga Bank Indonesia pada Rabu.",
        ],
        "en": [
            "The rupiah strengthened 23 points, or 0.14 percent, to Rp16,312 per US dollar at the opening of trading "
            "on Tuesday morning.",
            "At the previous close, the rupiah stood at Rp16,335 per US dollar.",
            "Bank Woori Saudara analyst Rully Nova said the gain was driven by lower-than-expected United States "
            "inflation data.",
            "The yield on 10-year US government bonds fell to 4.21 percent.",
            "Nova expected the rupiah to move in the range of Rp16,280 to Rp16,350 per US dollar throughout the day.",
            "Market players are also awaiting Bank Indonesia's interest rate decision on Wednesday.",
        ],
    },
    {
        "slug": "rupiah-sore",
        "topic": "rupiah",
        "wire": True,
        "date": "2026-05-19T09:20:00+00:00",
        "city": "Jakarta",
        "id": [
            "Nilai tukar rupiah terhadap dolar AS pada penutupan perdagangan Selasa sore melemah 18 poin atau 0,11 "
            "persen menjadi Rp16.353 per dolar AS.",
            "Kurs Jakarta Interbank Spot Dollar Rate (JISDOR) Bank Indonesia juga melemah ke Rp16.348 per dolar AS.",
            "Analis Bank Woori Saudara Rully Nova mengatakan rupiah tertekan aksi ambil untung menjelang keputusan "
            "suku bunga Bank Indonesia.",
            "Indeks dolar AS naik 0,3 persen ke level 104,6 setelah pernyataan pejabat bank sentral Amerika Serikat.",
            "Rully memperkirakan rupiah masih bergerak fluktuatif pada perdagangan Rabu.",
        ],
        "en": [
            "The rupiah weakened 18 points, or 0.11 percent, to Rp16,353 per US dollar at the close of trading on "
            "Tuesday afternoon.",
            "Bank Indonesia's Jakarta Interbank Spot Dollar Rate (JISDOR) also weakened to Rp16,348 per US dollar.",
            "Bank Woori Saudara analyst Rully Nova said the rupiah was pressured by profit taking ahead of Bank "
            "Indonesia's interest rate decision.",
            "The US dollar index rose 0.3 percent to 104.6 after remarks by United States central bank officials.",
            "Nova expected the rupiah to remain volatile in Wednesday's trading.",
        ],
    },
    {
        "slug": "cuaca-pagi",
        "topic": "cuaca",
        "wire": True,
        "date": "2026-01-14T23:30:00+00:00",
        "city": "Jakarta",
        "id": [
            "Badan Meteorologi, Klimatologi, dan Geofisika (BMKG) memperingatkan potensi hujan lebat disertai petir di "
            "21 provinsi pada Kamis.",
            "Prakirawan BMKG Ida Pramuwardani mengatakan hujan lebat berpotensi terjadi di Aceh, Sumatera Barat, Jawa "
            "Barat dan Kalimantan Tengah pada siang hari.",
            "Suhu udara di Jakarta diperkirakan berkisar 24 hingga 31 derajat Celsius.",
            "Gelombang setinggi 2,5 hingga 4 meter berpeluang terjadi di Samudra Hindia barat Bengkulu.",
            "BMKG meminta nelayan dan operator kapal kecil menunda pelayaran di perairan tersebut.",
            "Masyarakat diimbau mewaspadai banjir, tanah longsor dan angin kencang di daerah rawan.",
        ],
        "en": [
            "The Meteorology, Climatology and Geophysics Agency (BMKG) warned of potential heavy rain with lightning "
            "in 21 provinces on Thursday.",
            "BMKG forecaster Ida Pramuwardani said heavy rain could fall in Aceh, West Sumatra, West Java and Central "
            "Kalimantan during the day.",
            "Temperatures in Jakarta are forecast to range from 24 to 31 degrees Celsius.",
            "Waves 2.5 to 4 meters high are likely in the Indian Ocean west of Bengkulu.",
            "BMKG asked fishermen and small boat operators to postpone voyages in those waters.",
            "The public was urged to watch out for floods, landslides and strong winds in vulnerable areas.",
        ],
    },
    {
        "slug": "cuaca-sore",
        "topic": "cuaca",
        "wire": True,
        "date": "2026-01-15T09:30:00+00:00",
        "city": "Jakarta",
        "id": [
            "BMKG memperbarui peringatan dini cuaca dan memperkirakan hujan lebat meluas ke 26 provinsi pada Kamis "
            "malam hingga Jumat.",
            "Prakirawan BMKG Ida Pramuwardani mengatakan bibit siklon 97S di selatan Nusa Tenggara Timur memicu "
            "pertumbuhan awan hujan.",
            "Angin kencang dengan kecepatan hingga 45 kilometer per jam berpotensi melanda Nusa Tenggara Barat dan "
            "Bali.",
            "Gelombang setinggi 4 hingga 6 meter diperkirakan terjadi di Samudra Hindia selatan Jawa Timur.",
            "BMKG meminta pemerintah daerah menyiagakan petugas untuk mengantisipasi banjir dan tanah longsor.",
        ],
        "en": [
            "BMKG updated its early weather warning and forecast heavy rain spreading to 26 provinces from Thursday "
            "night to Friday.",
            "BMKG forecaster Ida Pramuwardani said tropical cyclone seed 97S south of East Nusa Tenggara was "
            "triggering the growth of rain clouds.",
            "Strong winds of up to 45 kilometers per hour could hit West Nusa Tenggara and Bali.",
            "Waves 4 to 6 meters high are expected in the Indian Ocean south of East Java.",
            "BMKG asked regional governments to put officers on standby to anticipate floods and landslides.",
        ],
    },
]
