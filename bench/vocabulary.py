"""Word lists of the synthetic generator: provinces, departments, sectors and phrases, each in Vietnamese and English.

The Vietnamese keeps its diacritics (so the diacritic-insensitive search has something to fold); the English is
the plain translation. Sector slugs are the real sector concepts of ``data/schemes.ttl`` (docs/model.md).
"""

from __future__ import annotations

PROVINCES: tuple[tuple[str, str, str], ...] = (
    ("hai-phong", "Hải Phòng", "Hai Phong"), ("da-nang", "Đà Nẵng", "Da Nang"), ("can-tho", "Cần Thơ", "Can Tho"),
    ("hue", "Huế", "Hue"), ("quang-ninh", "Quảng Ninh", "Quang Ninh"), ("bac-ninh", "Bắc Ninh", "Bac Ninh"),
    ("nghe-an", "Nghệ An", "Nghe An"), ("thanh-hoa", "Thanh Hóa", "Thanh Hoa"), ("ha-tinh", "Hà Tĩnh", "Ha Tinh"),
    ("quang-tri", "Quảng Trị", "Quang Tri"), ("quang-ngai", "Quảng Ngãi", "Quang Ngai"), ("gia-lai", "Gia Lai", "Gia Lai"),
    ("dak-lak", "Đắk Lắk", "Dak Lak"), ("khanh-hoa", "Khánh Hòa", "Khanh Hoa"), ("lam-dong", "Lâm Đồng", "Lam Dong"),
    ("dong-nai", "Đồng Nai", "Dong Nai"), ("tay-ninh", "Tây Ninh", "Tay Ninh"), ("dong-thap", "Đồng Tháp", "Dong Thap"),
    ("vinh-long", "Vĩnh Long", "Vinh Long"), ("an-giang", "An Giang", "An Giang"), ("ca-mau", "Cà Mau", "Ca Mau"),
    ("lao-cai", "Lào Cai", "Lao Cai"), ("tuyen-quang", "Tuyên Quang", "Tuyen Quang"), ("thai-nguyen", "Thái Nguyên", "Thai Nguyen"),
    ("phu-tho", "Phú Thọ", "Phu Tho"), ("lang-son", "Lạng Sơn", "Lang Son"), ("cao-bang", "Cao Bằng", "Cao Bang"),
    ("dien-bien", "Điện Biên", "Dien Bien"), ("lai-chau", "Lai Châu", "Lai Chau"), ("son-la", "Sơn La", "Son La"),
    ("hung-yen", "Hưng Yên", "Hung Yen"), ("ninh-binh", "Ninh Bình", "Ninh Binh"), ("ho-chi-minh", "Thành phố Hồ Chí Minh", "Ho Chi Minh City"),
)

# (slug, Vietnamese, English, sector it leads)
DEPARTMENTS: tuple[tuple[str, str, str, str], ...] = (
    ("so-giao-duc-va-dao-tao", "Sở Giáo dục và Đào tạo", "Department of Education and Training", "education"),
    ("so-y-te", "Sở Y tế", "Department of Health", "health"),
    ("so-tai-chinh", "Sở Tài chính", "Department of Finance", "state-economy"),
    ("so-van-hoa-va-the-thao", "Sở Văn hóa và Thể thao", "Department of Culture and Sports", "culture"),
    ("so-khoa-hoc-va-cong-nghe", "Sở Khoa học và Công nghệ", "Department of Science and Technology", "science-technology"),
    ("so-ngoai-vu", "Sở Ngoại vụ", "Department of Foreign Affairs", "international-integration"),
    ("so-tu-phap", "Sở Tư pháp", "Department of Justice", "law-making"),
    ("so-cong-thuong", "Sở Công Thương", "Department of Industry and Trade", "private-economy"),
    ("so-nong-nghiep-va-moi-truong", "Sở Nông nghiệp và Môi trường", "Department of Agriculture and Environment", "energy"),
    ("so-xay-dung", "Sở Xây dựng", "Department of Construction", "state-economy"),
    ("so-noi-vu", "Sở Nội vụ", "Department of Home Affairs", "law-making"),
)

# sector slug -> (Vietnamese topic, English topic, objects of tasks as (vi, en) pairs)
SECTORS: dict[str, tuple[str, str, tuple[tuple[str, str], ...]]] = {
    "education": ("phát triển giáo dục và đào tạo", "developing education and training", (
        ("mạng lưới trường học", "the school network"), ("đội ngũ giáo viên", "the teaching workforce"),
        ("giáo dục mũi nhọn", "gifted education"), ("trường chuẩn quốc gia", "national-standard schools"),
        ("chuyển đổi số trong giáo dục", "digital transformation in education"), ("giáo dục nghề nghiệp", "vocational education"))),
    "health": ("bảo vệ, chăm sóc và nâng cao sức khỏe Nhân dân", "protecting, caring for and improving the people's health", (
        ("y tế cơ sở", "primary health care"), ("bảo hiểm y tế toàn dân", "universal health insurance"),
        ("hồ sơ sức khỏe điện tử", "electronic health records"), ("bệnh viện tuyến trên", "upper-level hospitals"),
        ("phòng bệnh chủ động", "preventive health care"), ("nhân lực y tế chất lượng cao", "high-quality health workers"))),
    "state-economy": ("phát triển kinh tế nhà nước", "developing the state economy", (
        ("doanh nghiệp nhà nước", "state-owned enterprises"), ("quản lý vốn nhà nước", "state capital management"),
        ("đầu tư công", "public investment"), ("tài sản công", "public assets"))),
    "culture": ("phát triển văn hóa Việt Nam", "developing Vietnamese culture", (
        ("di sản văn hóa", "cultural heritage"), ("công nghiệp văn hóa", "cultural industries"),
        ("thiết chế văn hóa cơ sở", "grassroots cultural institutions"), ("người Việt thanh lịch, văn minh", "elegant, civilised citizens"))),
    "science-technology": ("đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo", "breakthroughs in science, technology and innovation", (
        ("trung tâm đổi mới sáng tạo", "innovation centres"), ("hạ tầng số", "digital infrastructure"),
        ("dữ liệu số dùng chung", "shared digital data"), ("doanh nghiệp công nghệ số", "digital technology firms"))),
    "international-integration": ("hội nhập quốc tế trong tình hình mới", "international integration in the new situation", (
        ("hợp tác quốc tế", "international cooperation"), ("thu hút đầu tư nước ngoài", "foreign investment attraction"),
        ("xúc tiến thương mại", "trade promotion"))),
    "law-making": ("đổi mới công tác xây dựng và thi hành pháp luật", "renewing law-making and law enforcement", (
        ("văn bản quy phạm pháp luật", "legal normative documents"), ("thủ tục hành chính", "administrative procedures"),
        ("thi hành pháp luật", "law enforcement"))),
    "private-economy": ("phát triển kinh tế tư nhân", "developing the private economy", (
        ("doanh nghiệp nhỏ và vừa", "small and medium enterprises"), ("hộ kinh doanh", "household businesses"),
        ("môi trường kinh doanh", "the business environment"))),
    "energy": ("bảo đảm an ninh năng lượng quốc gia", "ensuring national energy security", (
        ("năng lượng tái tạo", "renewable energy"), ("lưới điện thông minh", "the smart grid"),
        ("tiết kiệm năng lượng", "energy saving"))),
}

VERBS: tuple[tuple[str, str], ...] = (
    ("Nâng cao chất lượng", "Improve the quality of"), ("Đẩy mạnh phát triển", "Speed up the development of"),
    ("Rà soát, hoàn thiện", "Review and complete"), ("Tăng cường đầu tư cho", "Increase investment in"),
    ("Xây dựng đề án về", "Draft a scheme on"), ("Triển khai đồng bộ", "Roll out"),
    ("Đổi mới cơ chế quản lý", "Reform the management of"), ("Huy động nguồn lực cho", "Mobilise resources for"),
)

GOAL_PHRASES: tuple[tuple[str, str], ...] = (
    ("dẫn đầu cả nước về", "lead the country in"), ("đạt chuẩn khu vực về", "reach the regional standard in"),
    ("hiện đại, hiệu quả và bền vững trong", "be modern, effective and sustainable in"),
    ("bảo đảm tiếp cận công bằng với", "ensure fair access to"),
)

UNITS: tuple[tuple[str, str], ...] = (
    ("%", "%"), ("trường", "schools"), ("cơ sở", "facilities"), ("nghìn người", "thousand people"), ("tỷ đồng", "billion dong"),
)

DELIVERABLES: tuple[tuple[str, str], ...] = (
    ("Báo cáo kết quả thực hiện", "Report on implementation results"), ("Đề án trình Ban Thường vụ", "Scheme submitted to the Standing Board"),
    ("Kế hoạch triển khai", "Implementation plan"), ("Quyết định ban hành quy chế", "Decision issuing the regulation"),
)
