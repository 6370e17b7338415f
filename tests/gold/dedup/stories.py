"""Invented ANTARA-style stories behind the dedup gold pairs (written for this project; no real article text).

Eleven topics, two different events each (the hard negatives: same topic, different event), every
event told once by the Indonesian desk and once, rewritten, by the English desk; ``mt`` is a
literal machine-style English rendering of the Indonesian text for the events that have one.
"""

from __future__ import annotations

EVENTS: list[dict[str, str]] = [
    {
        "slug": "emas-1",
        "date": "2026-05-12T02:30:00+00:00",
        "id_title": "Harga emas Antam hari ini naik Rp5.000 per gram",
        "id": "Jakarta (ANTARA) - Harga emas batangan produksi PT Aneka Tambang Tbk (Antam) pada Selasa (12/5/2026) "
        "naik Rp5.000 menjadi Rp1.852.000 per gram dibandingkan hari sebelumnya.\n\nHarga pembelian kembali atau "
        "buyback juga naik Rp5.000 menjadi Rp1.701.000 per gram. Emas ukuran 100 gram dijual Rp181.720.000.\n\n"
        "Pembelian emas dengan nominal di atas Rp10 juta dikenakan PPh 22 sebesar 0,45 persen bagi pemilik NPWP.",
        "en_title": "Antam gold price rises Rp5,000 to Rp1.852 million per gram",
        "en": "Jakarta (ANTARA) - The price of gold bars produced by state miner PT Aneka Tambang (Antam) rose "
        "Rp5,000 to "
        "Rp1,852,000 per gram on Tuesday, May 12, 2026.\n\nAntam's buyback price climbed by the same amount to "
        "Rp1,701,000 per gram, while a 100-gram bar sold for Rp181,720,000.",
        "mt": "The price of gold bars produced by PT Aneka Tambang Tbk (Antam) on Tuesday (12/5/2026) rose Rp5,000 to "
        "Rp1,852,000 per gram compared to the previous day. The buyback price also rose Rp5,000 to Rp1,701,000 per "
        "gram. Gold of 100 grams size is sold for Rp181,720,000. Gold purchases above Rp10 million are subject to "
        "PPh 22 of 0.45 percent for NPWP owners.",
    },
    {
        "slug": "emas-2",
        "date": "2026-05-13T02:30:00+00:00",
        "id_title": "Harga emas Antam hari ini turun Rp3.000 per gram",
        "id": "Jakarta (ANTARA) - Harga emas batangan produksi PT Aneka Tambang Tbk (Antam) pada Rabu (13/5/2026) "
        "turun Rp3.000 menjadi Rp1.849.000 per gram dibandingkan hari sebelumnya.\n\nHarga pembelian kembali atau "
        "buyback juga turun Rp3.000 menjadi Rp1.698.000 per gram. Emas ukuran 100 gram dijual Rp181.420.000.\n\n"
        "Pembelian emas dengan nominal di atas Rp10 juta dikenakan PPh 22 sebesar 0,45 persen bagi pemilik NPWP.",
        "en_title": "Antam gold price slips Rp3,000 on Wednesday",
        "en": "Jakarta (ANTARA) - Gold bars from PT Aneka Tambang (Antam) fell Rp3,000 to Rp1,849,000 per gram on "
        "Wednesday, May 13, 2026.\n\nThe buyback price dropped to Rp1,698,000 per gram and a 100-gram bar was priced "
        "at Rp181,420,000.",
    },
    {
        "slug": "gempa-1",
        "date": "2026-03-02T22:15:00+00:00",
        "id_title": "Gempa magnitudo 5,8 guncang Kepulauan Talaud",
        "id": "Manado (ANTARA) - Gempa bumi bermagnitudo 5,8 mengguncang Kabupaten Kepulauan Talaud, Sulawesi Utara, "
        "pada Selasa pagi pukul 05.15 WITA. Badan Meteorologi, Klimatologi, dan Geofisika (BMKG) mencatat pusat "
        "gempa berada 87 kilometer arah barat laut Melonguane pada kedalaman 34 kilometer.\n\nKepala Stasiun "
        "Geofisika Manado Edward Sinaga mengatakan gempa tidak berpotensi tsunami. Warga di Melonguane sempat "
        "berhamburan keluar rumah, namun belum ada laporan kerusakan.",
        "en_title": "Magnitude 5.8 quake jolts Talaud Islands, no tsunami threat",
        "en": "Manado, North Sulawesi (ANTARA) - A magnitude 5.8 earthquake rocked the Talaud Islands district of "
        "North "
        "Sulawesi early on Tuesday, the Meteorology, Climatology, and Geophysics Agency (BMKG) said.\n\nThe quake "
        "struck 87 kilometers northwest of Melonguane at a depth of 34 kilometers. Edward Sinaga, head of the BMKG "
        "Manado Geophysics Station, said the tremor did not have the potential to trigger a tsunami. No damage has "
        "been reported so far.",
        "mt": "An earthquake of magnitude 5.8 shook Talaud Islands Regency, North Sulawesi, on Tuesday morning at "
        "05.15 "
        "WITA. The Meteorology, Climatology and Geophysics Agency (BMKG) recorded the epicenter 87 kilometers "
        "northwest of Melonguane at a depth of 34 kilometers. Head of the Manado Geophysics Station Edward Sinaga "
        "said the earthquake did not have tsunami potential. Residents in Melonguane ran out of their houses, but "
        "there are no reports of damage yet.",
    },
    {
        "slug": "gempa-2",
        "date": "2026-03-09T13:40:00+00:00",
        "id_title": "Gempa magnitudo 6,1 guncang Maluku Barat Daya",
        "id": "Ambon (ANTARA) - Gempa bumi bermagnitudo 6,1 mengguncang wilayah Maluku Barat Daya pada Senin malam "
        "pukul 22.40 WIT. BMKG menyebutkan pusat gempa berada 121 kilometer tenggara Tiakur dengan kedalaman 140 "
        "kilometer.\n\nKepala Stasiun Geofisika Ambon Rosmawati Latuconsina mengatakan guncangan dirasakan hingga "
        "Saumlaki. Sebanyak 12 rumah warga di Pulau Moa dilaporkan retak.",
        "en_title": "6.1-magnitude earthquake strikes Southwest Maluku",
        "en": "Ambon (ANTARA) - A 6.1-magnitude earthquake struck Southwest Maluku on Monday night, with its epicenter "
        "121 kilometers southeast of Tiakur at a depth of 140 kilometers, BMKG reported.\n\nRosmawati Latuconsina, "
        "head of the Ambon Geophysics Station, said the tremor was felt as far as Saumlaki. Twelve houses on Moa "
        "Island were reported cracked.",
    },
    {
        "slug": "bi-1",
        "date": "2026-04-22T07:20:00+00:00",
        "id_title": "BI pertahankan suku bunga acuan 5,75 persen",
        "id": "Jakarta (ANTARA) - Rapat Dewan Gubernur (RDG) Bank Indonesia pada 21-22 April 2026 memutuskan "
        "mempertahankan BI-Rate sebesar 5,75 persen. Suku bunga Deposit Facility tetap 5,00 persen dan Lending "
        "Facility 6,50 persen.\n\nGubernur BI Perry Warjiyo mengatakan keputusan itu konsisten dengan upaya menjaga "
        "inflasi dalam sasaran 2,5 plus minus 1 persen serta stabilitas nilai tukar rupiah di tengah ketidakpastian "
        "global.",
        "en_title": "Bank Indonesia holds benchmark rate at 5.75 percent",
        "en": "Jakarta (ANTARA) - Bank Indonesia (BI) kept its benchmark BI-Rate unchanged at 5.75 percent at its "
        "Board of Governors meeting on April 21-22, 2026, Governor Perry Warjiyo announced.\n\nThe deposit facility "
        "rate stays at 5.00 percent and the lending facility at 6.50 percent. Warjiyo said the decision aims to keep "
        "inflation within the 2.5 plus or minus 1 percent target and to stabilise the rupiah amid global "
        "uncertainty.",
        "mt": "The Board of Governors Meeting (RDG) of Bank Indonesia on 21-22 April 2026 decided to maintain the "
        "BI-Rate at 5.75 percent. The Deposit Facility interest rate remains 5.00 percent and the Lending Facility "
        "6.50 percent. BI Governor Perry Warjiyo said the decision is consistent with efforts to keep inflation "
        "within the target of 2.5 plus minus 1 percent and the stability of the rupiah exchange rate amid global "
        "uncertainty.",
    },
    {
        "slug": "bi-2",
        "date": "2026-05-20T07:20:00+00:00",
        "id_title": "BI turunkan suku bunga acuan jadi 5,50 persen",
        "id": "Jakarta (ANTARA) - Bank Indonesia menurunkan BI-Rate sebesar 25 basis poin menjadi 5,50 persen dalam "
        "RDG 19-20 Mei 2026. Deposit Facility turun menjadi 4,75 persen dan Lending Facility menjadi 6,25 "
        "persen.\n\nPerry Warjiyo menyatakan penurunan itu untuk mendorong pertumbuhan kredit, karena inflasi April "
        "tercatat rendah 1,9 persen.",
        "en_title": "BI cuts key rate by 25 basis points to 5.50 percent",
        "en": "Jakarta (ANTARA) - Bank Indonesia lowered its BI-Rate by 25 basis points to 5.50 percent after the "
        "May 19-20, 2026 meeting. Governor Perry Warjiyo said low April inflation of 1.9 percent gave room to "
        "support credit growth.\n\nThe deposit facility was cut to 4.75 percent and the lending facility to 6.25 "
        "percent.",
    },
    {
        "slug": "banjir-1",
        "date": "2026-01-14T09:00:00+00:00",
        "id_title": "Banjir rendam 1.240 rumah di Kabupaten Bandung",
        "id": "Bandung (ANTARA) - Banjir akibat luapan Sungai Citarum merendam 1.240 rumah warga di tiga kecamatan "
        "Kabupaten Bandung, Jawa Barat, sejak Selasa malam. Ketinggian air di Kecamatan Dayeuhkolot mencapai 150 "
        "sentimeter.\n\nKepala Pelaksana BPBD Kabupaten Bandung Uka Suska Puji Utama mengatakan 3.870 jiwa "
        "terdampak dan 415 di antaranya mengungsi ke Masjid Al Ikhlas dan kantor kecamatan.",
        "en_title": "Citarum overflow floods 1,240 houses in Bandung district",
        "en": "Bandung, West Java (ANTARA) - Floodwaters from the overflowing Citarum River have inundated 1,240 homes "
        "in three sub-districts of Bandung District since Tuesday night, with water up to 150 centimeters deep in "
        "Dayeuhkolot.\n\nUka Suska Puji Utama of the Bandung District Disaster Mitigation Agency (BPBD) said 3,870 "
        "people were affected and 415 had taken refuge at the Al Ikhlas Mosque and sub-district offices.",
        "mt": "Floods due to the overflow of the Citarum River submerged 1,240 residents' houses in three districts of "
        "Bandung Regency, West Java, since Tuesday night. The water level in Dayeuhkolot District reached 150 "
        "centimeters. Head of Implementation of BPBD Bandung Regency Uka Suska Puji Utama said 3,870 people were "
        "affected and 415 of them evacuated to the Al Ikhlas Mosque and the district office.",
    },
    {
        "slug": "banjir-2",
        "date": "2026-02-03T04:10:00+00:00",
        "id_title": "Banjir bandang terjang dua desa di Luwu Utara",
        "id": "Makassar (ANTARA) - Banjir bandang menerjang Desa Radda dan Desa Meli di Kabupaten Luwu Utara, "
        "Sulawesi Selatan, Senin dini hari. BPBD Luwu Utara mencatat 37 rumah hanyut dan dua warga hilang.\n\n"
        "Bupati Luwu Utara Andi Rahim mengatakan tim SAR gabungan masih mencari korban di sepanjang Sungai Masamba "
        "dan pemerintah daerah menetapkan status tanggap darurat selama 14 hari.",
        "en_title": "Flash flood sweeps away 37 houses in North Luwu",
        "en": "Makassar, South Sulawesi (ANTARA) - A flash flood swept through Radda and Meli villages in North Luwu "
        "District early Monday, washing away 37 houses and leaving two residents missing.\n\nNorth Luwu Regent Andi "
        "Rahim said a joint search and rescue team was combing the Masamba River, and declared a 14-day emergency "
        "response period.",
    },
    {
        "slug": "bola-1",
        "date": "2026-06-05T15:30:00+00:00",
        "id_title": "Timnas Indonesia kalahkan Vietnam 2-1 di Gelora Bung Karno",
        "id": "Jakarta (ANTARA) - Tim nasional Indonesia menang 2-1 atas Vietnam dalam laga persahabatan di Stadion "
        "Utama Gelora Bung Karno, Jakarta, Kamis malam. Gol Indonesia dicetak Rafael Struick pada menit ke-23 dan "
        "Marselino Ferdinan pada menit ke-71.\n\nVietnam sempat menyamakan kedudukan lewat Nguyen Tien Linh. Pelatih "
        "Patrick Kluivert menyebut kemenangan itu modal penting menuju Piala AFF 2026 di hadapan 61.000 penonton.",
        "en_title": "Indonesia beat Vietnam 2-1 in friendly at GBK",
        "en": "Jakarta (ANTARA) - Indonesia defeated Vietnam 2-1 in an international friendly at the Gelora Bung Karno "
        "Main Stadium on Thursday night in front of 61,000 fans.\n\nRafael Struick opened the scoring in the 23rd "
        "minute, Nguyen Tien Linh equalised, and Marselino Ferdinan netted the winner in the 71st minute. Coach "
        "Patrick Kluivert called the result important preparation for the 2026 AFF Cup.",
        "mt": "The Indonesian national team won 2-1 over Vietnam in a friendly match at the Gelora Bung Karno Main "
        "Stadium, Jakarta, Thursday night. Indonesia's goals were scored by Rafael Struick in the 23rd minute and "
        "Marselino Ferdinan in the 71st minute. Vietnam had equalized through Nguyen Tien Linh. Coach Patrick "
        "Kluivert called the victory an important capital towards the 2026 AFF Cup in front of 61,000 spectators.",
    },
    {
        "slug": "bola-2",
        "date": "2026-06-10T15:30:00+00:00",
        "id_title": "Timnas Indonesia ditahan imbang Thailand 0-0",
        "id": "Jakarta (ANTARA) - Tim nasional Indonesia ditahan imbang tanpa gol oleh Thailand dalam laga "
        "persahabatan di Stadion Jakarta International Stadium (JIS), Selasa malam.\n\nKiper Maarten Paes melakukan "
        "lima penyelamatan penting. Patrick Kluivert mengatakan timnya kesulitan membongkar pertahanan Thailand yang "
        "disaksikan 48.500 penonton.",
        "en_title": "Indonesia held to goalless draw by Thailand at JIS",
        "en": "Jakarta (ANTARA) - Indonesia were held to a 0-0 draw by Thailand in a friendly at the Jakarta "
        "International Stadium (JIS) on Tuesday night.\n\nGoalkeeper Maarten Paes made five key saves, while coach "
        "Patrick Kluivert admitted his side struggled to break down Thailand's defence before a crowd of 48,500.",
    },
    {
        "slug": "tol-1",
        "date": "2026-07-01T05:00:00+00:00",
        "id_title": "Presiden resmikan Tol Padang-Sicincin sepanjang 36 km",
        "id": "Padang (ANTARA) - Presiden Prabowo Subianto meresmikan Jalan Tol Padang-Sicincin sepanjang 36 kilometer "
        "di Sumatera Barat, Rabu. Ruas yang dibangun PT Hutama Karya dengan investasi Rp6,7 triliun itu memangkas "
        "waktu tempuh Padang-Pariaman dari 90 menit menjadi 35 menit.\n\nMenteri Pekerjaan Umum Dody Hanggodo "
        "mengatakan tol tersebut bagian dari Jalan Tol Trans Sumatera.",
        "en_title": "President inaugurates 36-km Padang-Sicincin toll road",
        "en": "Padang, West Sumatra (ANTARA) - President Prabowo Subianto on Wednesday inaugurated the 36-kilometer "
        "Padang-Sicincin toll road, part of the Trans Sumatra Toll Road network.\n\nBuilt by PT Hutama Karya at a "
        "cost of Rp6.7 trillion, the road cuts travel time between Padang and Pariaman from 90 minutes to 35 "
        "minutes, Public Works Minister Dody Hanggodo said.",
        "mt": "President Prabowo Subianto inaugurated the Padang-Sicincin Toll Road along 36 kilometers in West "
        "Sumatra, "
        "Wednesday. The section built by PT Hutama Karya with an investment of Rp6.7 trillion cuts the travel time "
        "of Padang-Pariaman from 90 minutes to 35 minutes. Minister of Public Works Dody Hanggodo said the toll road "
        "is part of the Trans Sumatra Toll Road.",
    },
    {
        "slug": "tol-2",
        "date": "2026-07-15T05:00:00+00:00",
        "id_title": "Presiden resmikan Tol Kuala Tanjung-Parapat seksi 3",
        "id": "Medan (ANTARA) - Presiden Prabowo Subianto meresmikan Jalan Tol Kuala Tanjung-Tebing Tinggi-Parapat "
        "seksi 3 sepanjang 28 kilometer di Sumatera Utara, Rabu. Tol ini menjadi akses utama menuju kawasan Danau "
        "Toba.\n\nDirektur Utama PT Hutama Karya Budi Harto mengatakan nilai investasi ruas tersebut mencapai Rp4,2 "
        "triliun dan tarif gratis selama dua pekan pertama.",
        "en_title": "Toll road to Lake Toba opens as Prabowo inaugurates section 3",
        "en": "Medan, North Sumatra (ANTARA) - President Prabowo Subianto on Wednesday opened the 28-kilometer section "
        "3 of the Kuala Tanjung-Tebing Tinggi-Parapat toll road, the main access to the Lake Toba area.\n\nHutama "
        "Karya president director Budi Harto said the section cost Rp4.2 trillion and would be toll-free for its "
        "first two weeks.",
    },
    {
        "slug": "haji-1",
        "date": "2026-04-07T06:00:00+00:00",
        "id_title": "Kemenag: kuota haji Indonesia 2026 sebanyak 221.000 jemaah",
        "id": "Jakarta (ANTARA) - Kementerian Agama menetapkan kuota haji Indonesia tahun 2026 sebanyak 221.000 "
        "jemaah, "
        "terdiri atas 203.320 jemaah reguler dan 17.680 jemaah haji khusus.\n\nMenteri Agama Nasaruddin Umar "
        "mengatakan keberangkatan kloter pertama dijadwalkan pada 2 Mei 2026 dari Embarkasi Jakarta-Pondok Gede. "
        "Biaya perjalanan ibadah haji rata-rata Rp89,4 juta per jemaah.",
        "en_title": "Indonesia gets hajj quota of 221,000 pilgrims for 2026",
        "en": "Jakarta (ANTARA) - Indonesia will send 221,000 hajj pilgrims in 2026, comprising 203,320 regular and "
        "17,680 special pilgrims, Religious Affairs Minister Nasaruddin Umar said.\n\nThe first group is scheduled to "
        "depart on May 2, 2026 from the Jakarta-Pondok Gede embarkation, and the average hajj cost is Rp89.4 million "
        "per pilgrim.",
        "mt": "The Ministry of Religion set the 2026 Indonesian hajj quota at 221,000 pilgrims, consisting of 203,320 "
        "regular pilgrims and 17,680 special hajj pilgrims. Minister of Religion Nasaruddin Umar said the departure "
        "of the first group is scheduled on 2 May 2026 from the Jakarta-Pondok Gede Embarkation. The average cost of "
        "the hajj pilgrimage is Rp89.4 million per pilgrim.",
    },
    {
        "slug": "haji-2",
        "date": "2026-06-20T06:00:00+00:00",
        "id_title": "Kemenag: 214 jemaah haji Indonesia wafat di Tanah Suci",
        "id": "Jakarta (ANTARA) - Kementerian Agama mencatat 214 jemaah haji Indonesia wafat di Arab Saudi hingga "
        "Jumat, sebagian besar karena penyakit jantung dan kelelahan.\n\nDirektur Jenderal Penyelenggaraan Haji "
        "Hilman Latief mengatakan sebanyak 96.500 jemaah telah kembali ke Tanah Air melalui 13 embarkasi.",
        "en_title": "214 Indonesian hajj pilgrims die in Saudi Arabia: ministry",
        "en": "Jakarta (ANTARA) - A total of 214 Indonesian pilgrims have died in Saudi Arabia during this year's "
        "hajj, "
        "mostly from heart disease and exhaustion, the Religious Affairs Ministry said on Friday.\n\nDirector "
        "General Hilman Latief said 96,500 pilgrims had returned home through 13 embarkation points.",
    },
    {
        "slug": "rupiah-1",
        "date": "2026-08-04T09:30:00+00:00",
        "id_title": "Rupiah ditutup menguat 45 poin ke Rp16.210 per dolar AS",
        "id": "Jakarta (ANTARA) - Nilai tukar rupiah terhadap dolar AS yang ditransaksikan antarbank di Jakarta pada "
        "Selasa sore ditutup menguat 45 poin atau 0,28 persen menjadi Rp16.210 per dolar AS dari sebelumnya "
        "Rp16.255 per dolar AS.\n\nAnalis Bank Woori Saudara Rully Nova mengatakan penguatan rupiah dipengaruhi "
        "data surplus neraca perdagangan Juni sebesar 4,1 miliar dolar AS.",
        "en_title": "Rupiah strengthens 45 points to Rp16,210 per US dollar",
        "en": "Jakarta (ANTARA) - The rupiah closed 45 points, or 0.28 percent, stronger at Rp16,210 per US dollar in "
        "interbank trading on Tuesday afternoon, from Rp16,255 previously.\n\nBank Woori Saudara analyst Rully Nova "
        "attributed the gain to June's trade surplus of US$4.1 billion.",
        "mt": "The rupiah exchange rate against the US dollar traded between banks in Jakarta on Tuesday afternoon "
        "closed stronger by 45 points or 0.28 percent to Rp16,210 per US dollar from the previous Rp16,255 per US "
        "dollar. Bank Woori Saudara analyst Rully Nova said the strengthening of the rupiah was influenced by the "
        "June trade balance surplus data of 4.1 billion US dollars.",
    },
    {
        "slug": "rupiah-2",
        "date": "2026-08-05T09:30:00+00:00",
        "id_title": "Rupiah ditutup melemah 30 poin ke Rp16.240 per dolar AS",
        "id": "Jakarta (ANTARA) - Nilai tukar rupiah terhadap dolar AS yang ditransaksikan antarbank di Jakarta pada "
        "Rabu sore ditutup melemah 30 poin atau 0,19 persen menjadi Rp16.240 per dolar AS dari sebelumnya "
        "Rp16.210 per dolar AS.\n\nAnalis Bank Woori Saudara Rully Nova mengatakan pelemahan rupiah dipengaruhi "
        "data inflasi Amerika Serikat yang lebih tinggi dari perkiraan.",
        "en_title": "Rupiah weakens 30 points on US inflation data",
        "en": "Jakarta (ANTARA) - The rupiah weakened 30 points, or 0.19 percent, to Rp16,240 per US dollar in "
        "interbank trading on Wednesday afternoon, from Rp16,210.\n\nRully Nova of Bank Woori Saudara said "
        "higher-than-expected US inflation data weighed on the currency.",
    },
    {
        "slug": "cuaca-1",
        "date": "2026-02-10T23:00:00+00:00",
        "id_title": "BMKG prakirakan hujan lebat di 14 provinsi",
        "id": "Jakarta (ANTARA) - Badan Meteorologi, Klimatologi, dan Geofisika (BMKG) memprakirakan hujan lebat "
        "disertai petir dan angin kencang berpotensi terjadi di 14 provinsi pada Rabu (11/2/2026), antara lain Aceh, "
        "Sumatera Barat, Jawa Barat dan Kalimantan Tengah.\n\nPrakirawan BMKG Linda Fitriani meminta masyarakat di "
        "daerah rawan banjir dan longsor meningkatkan kewaspadaan hingga 13 Februari.",
        "en_title": "BMKG forecasts heavy rain in 14 provinces on Wednesday",
        "en": "Jakarta (ANTARA) - The Meteorology, Climatology, and Geophysics Agency (BMKG) has forecast heavy rain "
        "with lightning and strong winds in 14 provinces on Wednesday, February 11, 2026, including Aceh, West "
        "Sumatra, West Java, and Central Kalimantan.\n\nBMKG forecaster Linda Fitriani urged residents of flood- and "
        "landslide-prone areas to stay alert until February 13.",
        "mt": "The Meteorology, Climatology and Geophysics Agency (BMKG) forecasts heavy rain accompanied by lightning "
        "and strong winds potentially occurring in 14 provinces on Wednesday (11/2/2026), including Aceh, West "
        "Sumatra, West Java and Central Kalimantan. BMKG forecaster Linda Fitriani asked people in flood and "
        "landslide prone areas to increase vigilance until 13 February.",
    },
    {
        "slug": "cuaca-2",
        "date": "2026-02-17T23:00:00+00:00",
        "id_title": "BMKG prakirakan hujan lebat di 9 provinsi",
        "id": "Jakarta (ANTARA) - Badan Meteorologi, Klimatologi, dan Geofisika (BMKG) memprakirakan hujan lebat "
        "berpotensi terjadi di sembilan provinsi pada Rabu (18/2/2026), antara lain Papua, Maluku, Sulawesi Tengah "
        "dan Nusa Tenggara Timur.\n\nPrakirawan BMKG Agie Wandala meminta nelayan mewaspadai gelombang setinggi 4 "
        "meter di Laut Banda hingga 20 Februari.",
        "en_title": "Heavy rain forecast for nine provinces, high waves in Banda Sea",
        "en": "Jakarta (ANTARA) - BMKG has forecast heavy rain in nine provinces on Wednesday, February 18, 2026, "
        "including Papua, Maluku, Central Sulawesi, and East Nusa Tenggara.\n\nForecaster Agie Wandala warned "
        "fishermen of waves up to 4 meters high in the Banda Sea until February 20.",
    },
    {
        "slug": "kebakaran-1",
        "date": "2026-09-08T11:45:00+00:00",
        "id_title": "Kebakaran hanguskan 62 kios di Pasar Kramat Jati",
        "id": "Jakarta (ANTARA) - Kebakaran menghanguskan 62 kios di Pasar Induk Kramat Jati, Jakarta Timur, Selasa "
        "sore. Sebanyak 18 unit mobil pemadam dan 90 personel dikerahkan untuk memadamkan api yang berkobar selama "
        "tiga jam.\n\nKepala Dinas Gulkarmat DKI Jakarta Satriadi Gunawan mengatakan tidak ada korban jiwa, dan "
        "dugaan sementara api berasal dari korsleting listrik di kios sayur. Kerugian ditaksir Rp2,3 miliar.",
        "en_title": "Fire razes 62 kiosks at Kramat Jati market",
        "en": "Jakarta (ANTARA) - A fire gutted 62 kiosks at the Kramat Jati wholesale market in East Jakarta on "
        "Tuesday afternoon. Eighteen fire engines and 90 firefighters took three hours to put out the blaze.\n\n"
        "Jakarta fire department head Satriadi Gunawan said nobody was killed. An electrical short circuit at a "
        "vegetable stall is the suspected cause, with losses estimated at Rp2.3 billion.",
        "mt": "A fire burned 62 kiosks at the Kramat Jati Main Market, East Jakarta, Tuesday afternoon. As many as 18 "
        "fire trucks and 90 personnel were deployed to extinguish the fire that blazed for three hours. Head of the "
        "DKI Jakarta Gulkarmat Office Satriadi Gunawan said there were no fatalities, and the temporary suspicion is "
        "that the fire came from an electrical short circuit in a vegetable kiosk. Losses are estimated at Rp2.3 "
        "billion.",
    },
    {
        "slug": "kebakaran-2",
        "date": "2026-09-21T02:10:00+00:00",
        "id_title": "Kebakaran permukiman padat di Tambora, 140 jiwa mengungsi",
        "id": "Jakarta (ANTARA) - Kebakaran melanda permukiman padat penduduk di Kelurahan Angke, Tambora, Jakarta "
        "Barat, Senin dini hari. Sebanyak 35 rumah terbakar dan 140 warga mengungsi ke musala terdekat.\n\nKepala "
        "Suku Dinas Gulkarmat Jakarta Barat Rudy Simanjuntak mengatakan 25 unit mobil pemadam dikerahkan dan api "
        "padam setelah empat jam.",
        "en_title": "Fire destroys 35 homes in West Jakarta's Tambora",
        "en": "Jakarta (ANTARA) - A fire tore through a densely populated neighbourhood in Angke, Tambora, West "
        "Jakarta, early Monday, destroying 35 houses and displacing 140 residents.\n\nRudy Simanjuntak of the West "
        "Jakarta fire agency said 25 fire engines fought the blaze for four hours.",
    },
    {
        "slug": "pemilu-1",
        "date": "2026-10-12T08:00:00+00:00",
        "id_title": "KPU tetapkan jadwal Pilkada serentak 2027",
        "id": "Jakarta (ANTARA) - Komisi Pemilihan Umum (KPU) menetapkan pemungutan suara Pilkada serentak digelar "
        "pada 24 November 2027 di 37 provinsi dan 508 kabupaten/kota.\n\nKetua KPU Mochammad Afifuddin mengatakan "
        "pendaftaran pasangan calon dibuka pada 27-29 Agustus 2027, sementara anggaran yang diusulkan mencapai "
        "Rp41,2 triliun.",
        "en_title": "KPU sets November 24, 2027 for simultaneous regional elections",
        "en": "Jakarta (ANTARA) - The General Elections Commission (KPU) has scheduled voting in the 2027 simultaneous "
        "regional head elections for November 24, 2027, covering 37 provinces and 508 districts and cities.\n\nKPU "
        "chairman Mochammad Afifuddin said candidate registration would open on August 27-29, 2027, and the "
        "proposed budget reaches Rp41.2 trillion.",
        "mt": "The General Elections Commission (KPU) determined that the voting for the simultaneous Pilkada will be "
        "held on 24 November 2027 in 37 provinces and 508 regencies/cities. KPU Chairman Mochammad Afifuddin said "
        "registration of candidate pairs is opened on 27-29 August 2027, while the proposed budget reaches Rp41.2 "
        "trillion.",
    },
    {
        "slug": "pemilu-2",
        "date": "2026-10-26T08:00:00+00:00",
        "id_title": "Bawaslu rekrut 1,2 juta pengawas TPS untuk Pilkada 2027",
        "id": "Jakarta (ANTARA) - Badan Pengawas Pemilu (Bawaslu) akan merekrut sekitar 1,2 juta pengawas tempat "
        "pemungutan suara (TPS) untuk Pilkada serentak 2027.\n\nKetua Bawaslu Rahmat Bagja mengatakan rekrutmen "
        "dimulai Juli 2027 dan pengawas wajib berusia minimal 21 tahun serta tidak menjadi anggota partai politik.",
        "en_title": "Bawaslu to recruit 1.2 million polling station supervisors",
        "en": "Jakarta (ANTARA) - The Elections Supervisory Agency (Bawaslu) will recruit some 1.2 million polling "
        "station supervisors for the 2027 simultaneous regional elections.\n\nBawaslu chief Rahmat Bagja said "
        "recruitment starts in July 2027, and applicants must be at least 21 years old and not members of any "
        "political party.",
    },
]
